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
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.infer.TilePlan;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.train.loss.CombinedLoss;

/**
 * A {@link Workload} on the DJL side: the model, and one call of the timed operation. A segment case
 * also has a reference call, an untiled forward (+ softmax): of exactly the input the segmenter's single
 * tile would be (the image with its mirrored margins) when the plan is one tile; else of
 * {@link Workload#reference()}, which the bench scales to the image's pixels.
 */
final class DjlStep implements AutoCloseable {
    private final Workload work;
    private final ScseModel model;
    private final Trainer trainer;
    /** Input of the forward: the workload's, or for a segment case its reference's. */
    private final float[] input;
    private final long[] inputShape;
    /** A segment case's reference forward is the untiled (single-tile) input itself, not scaled. */
    private final boolean referenceUntiled;
    private final Img<UnsignedByteType> image;
    private String plan = "";
    private final float[] labels;
    private final float[] pixelWeights;

    DjlStep(Workload work) {
        this.work = work;
        TorchEngine.get();
        ai.djl.engine.Engine.getInstance().setRandomSeed(0);
        model = ScseModel.create(work.spec, new Provenance(), Device.cpu());
        image = work.op == Workload.Op.SEGMENT ? image(work.shape[3], work.shape[2]) : null;
        TilePlan untiled = image != null ? new Segmenter(model).plan(image) : null;
        referenceUntiled = untiled != null && untiled.isSingleTile();
        Workload forward = referenceUntiled
                ? new Workload(Workload.Op.INFER, work.spec, new long[] {1, work.shape[1], untiled.tileSize()[1], untiled.tileSize()[0]})
                : work.op == Workload.Op.SEGMENT ? work.reference() : work;
        input = forward.input();
        inputShape = forward.shape;
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

    /** The shape of a segment case's reference forward. */
    long[] referenceShape() {
        return inputShape.clone();
    }

    /** Whether that reference is the untiled input itself (else the bench scales it to the image's pixels). */
    boolean referenceUntiled() {
        return referenceUntiled;
    }

    /** A segment case's untiled forward. */
    void runReference() {
        infer();
    }

    /** How the last segment call tiled the image. */
    String plan() {
        return plan;
    }

    /** The product path with default options: the model's pipeline (no resampling: pixel size unknown), labels only. */
    private void segment() {
        Segmenter s = new Segmenter(model);
        TilePlan p = s.plan(image);
        long networkPixels = p.tileCount() * p.tileSize()[0] * p.tileSize()[1];
        plan = String.format(java.util.Locale.ROOT, "%s; %d forward(s) per tile; network input %.2fx the image's pixels%s", p,
                s.forwardsPerTile(p), (double) networkPixels / (image.dimension(0) * image.dimension(1)),
                p.isSingleTile() ? "" : "; memory budget " + (s.memoryBudget() >> 20) + " MB");
        new SegmentationPipeline(s, model.spec()).segment(image, ImageAxes.singleChannel(2), null, false, false, null, null);
    }

    /**
     * The convolution ceiling: GFLOP/s of the best of {@code reps} timed 3 x 3 convolutions, 64 to 64
     * channels on 512 x 512 (19.3 GFLOP each, after one untimed), through this engine as the networks call it.
     */
    static double convolutionCeiling(int reps) {
        TorchEngine.get();
        TorchEngine.disableGradOnThisThread();
        int c = 64;
        int side = 512;
        double flops = 2.0 * c * c * 9 * side * side;
        double best = Double.MAX_VALUE;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomUniform(0, 1, new Shape(1, c, side, side));
            NDArray w = m.randomUniform(-0.05f, 0.05f, new Shape(c, c, 3, 3));
            NDArray b = m.zeros(new Shape(c));
            for (int i = 0; i <= reps; i++) {
                long t0 = System.nanoTime();
                NDList y = ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1);
                y.close();
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (i > 0) best = Math.min(best, seconds);
            }
        }
        return flops / 1e9 / best;
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
