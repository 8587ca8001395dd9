package org.scsefiji.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * Weighted sum of losses that all read the same labels and predictions: L = sum_i weight_i * L_i.
 * (DJL's AbstractCompositeLoss has no weights and sums its components' accumulators unweighted.)
 */
public final class CombinedLoss extends Loss {
    private final List<Loss> components;
    private final float[] weights;

    public CombinedLoss(String name, List<? extends Loss> components, float[] weights) {
        super(name);
        if (components == null || components.isEmpty() || weights == null || weights.length != components.size()) {
            throw new IllegalArgumentException("Combined loss: need one weight per component loss");
        }
        for (float w : weights) {
            if (!Float.isFinite(w)) throw new IllegalArgumentException("Combined loss: weight " + w + " is not finite");
        }
        this.components = List.copyOf(components);
        this.weights = weights.clone();
    }

    /**
     * The SD-Net / ReLayNet loss: weighted logistic loss (these class weights, e.g. median frequency, and
     * the labels' pixel weight map) + soft Dice (plain mean over classes), weight 1 each.
     */
    public static CombinedLoss crossEntropyPlusDice(float[] classWeights) {
        return new CombinedLoss("CrossEntropyPlusDice",
                List.of(new WeightedCrossEntropyLoss(classWeights), new SoftDiceLoss(classWeights.length)),
                new float[] {1f, 1f});
    }

    public List<Loss> components() {
        return components;
    }

    public float weight(int component) {
        return weights[component];
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDManager owner = predictions.get(0).getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray total = null;
            for (int i = 0; i < components.size(); i++) {
                NDArray part = components.get(i).evaluate(labels, predictions);
                part.attach(scope);
                NDArray weighted = part.mul(GraphConstants.scalar(scope, weights[i]));
                total = total == null ? weighted : total.add(weighted);
            }
            total.attach(owner);
            return total;
        }
    }
}
