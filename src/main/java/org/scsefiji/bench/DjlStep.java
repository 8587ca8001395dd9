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
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.train.loss.CombinedLoss;

/** A {@link Workload} on the DJL side: the model, and one call of the timed operation. */
final class DjlStep implements AutoCloseable {
    private final Workload work;
    private final ScseModel model;
    private final Trainer trainer;
    private final float[] input;
    private final float[] labels;
    private final float[] pixelWeights;

    DjlStep(Workload work) {
        this.work = work;
        TorchEngine.get();
        ai.djl.engine.Engine.getInstance().setRandomSeed(0);
        model = ScseModel.create(work.spec, new Provenance(), Device.cpu());
        input = work.input();
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
    }

    /** One inference or one training step; every array it creates is freed before it returns. */
    void run() {
        if (trainer == null) infer();
        else train();
    }

    private void infer() {
        try (NDManager call = model.djlModel().getNDManager().newSubManager()) {
            NDArray x = call.create(input, new Shape(work.shape));
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
