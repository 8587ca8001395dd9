package org.scsefiji.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Random;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.infer.TilePlan;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.train.loss.CombinedLoss;

/**
 * A {@link Workload} on the DJL side: the model, and one call of the timed operation. A segment case
 * also has a reference call: the untiled forward of {@link Workload#reference()}.
 */
final class DjlStep implements AutoCloseable {
    private final Workload work;
    private final ScseModel model;
    private final Trainer trainer;
    /** Input of the forward: the workload's, or for a segment case its reference's. */
    private final float[] input;
    private final long[] inputShape;
    private final Img<UnsignedByteType> image;
    private String plan = "";
    private final float[] labels;
    private final float[] pixelWeights;

    DjlStep(Workload work) {
        this.work = work;
        TorchEngine.get();
        ai.djl.engine.Engine.getInstance().setRandomSeed(0);
        model = ScseModel.create(work.spec, new Provenance(), Device.cpu());
        Workload forward = work.op == Workload.Op.SEGMENT ? work.reference() : work;
        input = forward.input();
        inputShape = forward.shape;
        image = work.op == Workload.Op.SEGMENT ? image(work.shape[3], work.shape[2]) : null;
        if (work.op == Workload.Op.TRAIN) {
            float[] ones = new float[work.spec.classCount()];
            Arrays.fill(ones, 1f);
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.95f)
                    .optWeightDecays(1e-4f).build();
            trainer = model.djlModel().newTrainer(new DefaultTrainingConfig(CombinedLoss.crossEntropyPlusDice(ones))
                    .optOptimizer(sgd));
            labels = work.stripeLabels();
            pixelWeights = new float[labels.length];
            Arrays.fill(pixelWeights, 1f);
        } else {
            trainer = null;
            labels = null;
            pixelWeights = null;
            TorchEngine.disableGradOnThisThread();
        }
        // Warm-up of a segment case: the engine and the reference forward, so its first timed call is steady.
        if (work.op == Workload.Op.SEGMENT) runReference();
    }

    /** Uniform random 8-bit pixels (seeded), as a camera image would arrive. */
    private static Img<UnsignedByteType> image(long width, long height) {
        Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(width, height);
        Random r = new Random(0);
        for (UnsignedByteType t : img) t.set(r.nextInt(256));
        return img;
    }

    /** One inference, segmentation or training step; every array it creates is freed before it returns. */
    void run() {
        if (work.op == Workload.Op.SEGMENT) segment();
        else if (trainer == null) infer();
        else train();
    }

    boolean hasReference() {
        return work.op == Workload.Op.SEGMENT;
    }

    /** A segment case's untiled forward. */
    void runReference() {
        infer();
    }

    /** How the last segment call tiled the image. */
    String plan() {
        return plan;
    }

    private void segment() {
        Segmenter s = new Segmenter(model);
        TilePlan p = s.plan(image);
        plan = p + ", " + (p.isSingleTile() ? "single forward" : "memory budget " + (s.memoryBudget() >> 20) + " MB");
        s.segment(image, ImageAxes.singleChannel(2), false, false, null, null);
    }

    private void infer() {
        try (NDManager call = model.djlModel().getNDManager().newSubManager()) {
            NDArray x = call.create(input, new Shape(inputShape));
            NDArray logits = model.network().forward(new ParameterStore(call, false), new NDList(x), false).singletonOrThrow();
            logits.softmax(1);
        }
    }

    private void train() {
        long[] s = work.shape;
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = batch.create(input, new Shape(s));
            NDList targets = new NDList(batch.create(labels, new Shape(s[0], s[2], s[3])),
                    batch.create(pixelWeights, new Shape(s[0], s[2], s[3])));
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                gc.backward(trainer.getLoss().evaluate(targets, new NDList(logits)));
            }
            trainer.step();
        }
    }

    @Override
    public void close() {
        if (trainer != null) trainer.close();
        model.close();
    }
}
