package org.scsefiji.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import org.scsefiji.model.ClassInfo;

/**
 * A per-pixel segmentation loss. predictions = {logits (N,K,H,W) float32}; labels = {class map (N,H,W),
 * weight map (N,H,W) float32} with class values 0..K-1 or {@link ClassInfo#IGNORE_LABEL} (float32, uint8,
 * int32 or int64); the weight map may be left out (all ones). Ignore pixels are excluded from every term,
 * numerator and normalisation alike. {@link #evaluate} returns a scalar attached to the logits' manager;
 * everything else lives in a sub-manager closed before it returns.
 */
public abstract class SegmentationLoss extends Loss {
    private final float[] classWeights;

    SegmentationLoss(String name, float[] classWeights) {
        super(name);
        this.classWeights = checkClassWeights(classWeights);
    }

    /** K, the number of classes. */
    public int classCount() {
        return classWeights.length;
    }

    /** A copy of the per-class weights. */
    public float[] classWeights() {
        return classWeights.clone();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictions == null || predictions.isEmpty()) {
            throw new IllegalArgumentException(getName() + ": no predictions (expected the logits)");
        }
        NDArray logits = predictions.get(0);
        NDManager owner = logits.getManager();
        try (NDManager scope = owner.newSubManager()) {
            scope.tempAttachAll(labels, predictions);
            NDArray loss = compute(logits, LossTargets.of(labels, logits, classCount()), scope);
            loss.attach(owner);
            return loss;
        }
    }

    /** The scalar loss; arrays it creates belong to {@code scope}. */
    abstract NDArray compute(NDArray logits, LossTargets targets, NDManager scope);

    /** Class weights shaped (1,K,1,1) to broadcast over (N,K,H,W). */
    NDArray classWeightArray(NDManager scope) {
        return GraphConstants.vector(scope, classWeights).reshape(1, classCount(), 1, 1);
    }

    static float[] ones(int classCount) {
        float[] w = new float[classCount];
        java.util.Arrays.fill(w, 1f);
        return w;
    }

    private static float[] checkClassWeights(float[] w) {
        if (w == null || w.length < 1 || w.length >= ClassInfo.IGNORE_LABEL) {
            throw new IllegalArgumentException("Class weights: need one weight per class, 1 to "
                    + (ClassInfo.IGNORE_LABEL - 1) + " classes, got " + (w == null ? "none" : w.length));
        }
        for (int c = 0; c < w.length; c++) {
            if (!(w[c] >= 0) || Float.isInfinite(w[c])) {
                throw new IllegalArgumentException("Class weight of class " + c + " must be finite and >= 0, got " + w[c]);
            }
        }
        return w.clone();
    }
}
