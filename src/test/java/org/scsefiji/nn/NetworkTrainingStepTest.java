package org.scsefiji.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.ScseModel;

/** One SGD step on a tiny batch lowers the loss, and every SE block's weights receive a gradient. */
class NetworkTrainingStepTest {
    static Stream<org.junit.jupiter.params.provider.Arguments> variants() {
        return NetworkTestSupport.variants();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void oneStepLowersTheLossAndReachesEverySeBlock(Architecture arch, SeBlockType se, Aggregation agg) {
        NetworkSpec spec = NetworkTestSupport.small(arch).seBlock(se).aggregation(agg).build();
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 3);
                Trainer trainer = model.djlModel().newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss("ce", 1, 1, true, true)))) {
            NDManager m = trainer.getManager().newSubManager();
            NDArray x = NetworkTestSupport.randomInput(m, 4, 2, 1, 32, 32);
            NDArray labels = stripes(m, 2, 32, 32, spec.classCount());
            float before;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = loss(trainer, x, labels);
                before = loss.getFloat();
                gc.backward(loss);
            }
            // Every SE block must receive gradient somewhere; a single weight may legitimately get
            // none (a dead ReLU unit in a tiny cSE bottleneck).
            java.util.Map<String, Float> perBlock = new java.util.TreeMap<>();
            collectSeGradients("", model.network(), perBlock);
            if (se != SeBlockType.NONE) assertTrue(perBlock.size() >= 2, "SE blocks found: " + perBlock.keySet());
            perBlock.forEach((block, g) -> assertTrue(g > 0, "no gradient reaches " + block));
            assertTrue(descends(trainer, model, x, labels, before), "no SGD step size lowers the loss " + before);
            m.close();
        }
    }

    /**
     * Tries plain SGD steps w - lr * grad with lr = 1e-2, 1e-3, ... 1e-6 (backtracking): the loss must
     * drop for one of them. Networks differ in curvature (batch-norm nets can overshoot at 1e-2,
     * SE-gated U-Nets without batch norm start with tiny gradients), but a correct gradient is always
     * a descent direction; a wrong or missing one is not.
     */
    private static boolean descends(Trainer trainer, ScseModel model, NDArray x, NDArray labels, float before) {
        java.util.List<Parameter> params = new java.util.ArrayList<>();
        java.util.List<NDArray> originals = new java.util.ArrayList<>();
        java.util.List<NDArray> grads = new java.util.ArrayList<>();
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            NDArray a = p.getValue().getArray();
            if (!a.hasGradient()) continue;
            params.add(p.getValue());
            originals.add(a.duplicate());
            grads.add(a.getGradient().duplicate());
        }
        for (float lr = 1e-2f; lr >= 1e-6f; lr /= 10) {
            for (int i = 0; i < params.size(); i++) {
                originals.get(i).sub(grads.get(i).mul(lr)).copyTo(params.get(i).getArray());
            }
            if (loss(trainer, x, labels).getFloat() < before) return true;
        }
        return false;
    }

    private static void collectSeGradients(String path, ai.djl.nn.Block block, java.util.Map<String, Float> perBlock) {
        if (org.scsefiji.nn.se.SeBlocks.isSeBlock(block)) {
            float g = 0;
            for (Pair<String, Parameter> p : block.getParameters()) g += p.getValue().getArray().getGradient().abs().sum().getFloat();
            perBlock.put(path, g);
            return;
        }
        for (Pair<String, ai.djl.nn.Block> c : block.getChildren()) collectSeGradients(path + "/" + c.getKey(), c.getValue(), perBlock);
    }

    /** Training-mode forward and loss (batch norm uses batch statistics, the same before and after). */
    private static NDArray loss(Trainer trainer, NDArray x, NDArray labels) {
        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
        return trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
    }

    /** Horizontal class stripes: something learnable. */
    private static NDArray stripes(NDManager m, int n, int h, int w, int classes) {
        float[] v = new float[n * h * w];
        for (int i = 0; i < v.length; i++) v[i] = ((i / w) % h) * classes / h;
        return m.create(v, new Shape(n, 1, h, w));
    }
}
