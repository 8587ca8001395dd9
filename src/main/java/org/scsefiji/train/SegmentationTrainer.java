package org.scsefiji.train;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.io.ImageReader;
import org.scsefiji.task.CancelToken;

/**
 * Trains a segmentation network from folders of images and label images into a model file: the
 * headless engine behind the CLI {@code train} command and the Fiji training command.
 *
 * <p>What a run does and promises:
 * <ol>
 * <li>Checks every image pair before training (reading one pair at a time) and fails with a
 * {@code TrainingDataException} naming every bad file; nothing is written before that.</li>
 * <li>Builds the network: new from the config, fine-tuned from {@code model=} (its weights kept; a new
 * classifier when the class count changes; encoder optionally frozen), or resumed from the checkpoint
 * ({@code resume=true}).</li>
 * <li>Validates once before training (epoch 0), then after every epoch: validation loss and per-class
 * Dice. The best model (by {@code monitor}) is saved atomically to {@code output} whenever it improves;
 * a checkpoint (weights + {@link TrainingState}) is saved atomically after every epoch. Both are single
 * model files written to a temporary file and renamed, so a crash or kill at any moment leaves the
 * previous good file loadable.</li>
 * <li>Stops after {@code epochs}, after {@code patience} epochs without improvement, or on cancel
 * (checked before every step); a cancelled run keeps the best model saved so far and its checkpoint.</li>
 * <li>Stores in the model's provenance: the recipe (the caller's command line), every effective option,
 * the data and split, the parent model, the metrics of the saved epoch and the per-epoch history.</li>
 * </ol>
 * One training at a time per JVM (PyTorch allows one gradient collector); a second concurrent call fails
 * at once. The run uses the calling thread; call it from a worker thread in a UI.
 */
public final class SegmentationTrainer {
    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();
    private final ImageReader reader;

    /** Reads images with javax.imageio (TIFF, PNG). */
    public SegmentationTrainer() {
        this(new ImageIoReader());
    }

    /** @param reader opens image files (the Fiji layer passes one backed by ImageJ) */
    public SegmentationTrainer(ImageReader reader) {
        this.reader = reader;
    }

    /**
     * @param recipe the command line that reproduces this run, stored in the model (may be null)
     * @throws org.scsefiji.train.data.TrainingDataException if the data cannot be used (before anything is written)
     * @throws IOException if a model file cannot be read or written
     * @throws IllegalStateException if another training is running in this JVM
     */
    public TrainingResult train(TrainingConfig config, String recipe, TrainingListener listener, CancelToken cancel)
            throws IOException {
        if (!ONE_AT_A_TIME.tryLock()) {
            throw new IllegalStateException("Another training is running in this program; PyTorch trains one network at a time. "
                    + "Wait for it to finish or cancel it.");
        }
        try {
            return new TrainingRun(config, recipe, reader, listener, cancel).execute();
        } finally {
            ONE_AT_A_TIME.unlock();
        }
    }
}
