package org.scsefiji.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Soft Dice loss on softmax probabilities p (softmax applied once):
 * D_c = 2 sum(p_c g_c) / (sum p_c + sum g_c + eps), L = 1 - weighted mean of D_c.
 *
 * <p><b>Per batch</b>: the sums run over all labelled pixels of the whole batch (N,H,W), not per sample.
 * Training tiles are small (ReLayNet's 64-column strips), so a class often covers a few pixels of one
 * sample and none of the next; pooled sums keep every class's Dice defined and its gradient steady.
 *
 * <p><b>Classes absent from the ground truth</b> of the batch are left out of the mean, whether predicted
 * or not. For such a class sum(p_c g_c) = 0, so D_c = 0 whatever the network does: it would only add a
 * constant with zero gradient and make the loss value depend on which classes a batch happens to hold.
 * Probability put on an absent class is still penalised: softmax takes it from the present classes, whose
 * Dice falls (and the cross-entropy term rises). A batch with no labelled pixel gives 0.
 *
 * <p>Class weights make the mean a weighted mean over the present classes (all ones: the plain mean of
 * ReLayNet's Dice term; a weight 0 leaves a class, e.g. the background, out). The pixel weight map is not
 * used: ReLayNet weights only the logistic term.
 */
public final class SoftDiceLoss extends SegmentationLoss {
    public static final float DEFAULT_EPSILON = 1e-4f;
    private static final int[] BATCH_AND_PIXELS = {0, 2, 3};
    private final float epsilon;

    /** Plain mean over classes, eps = 1e-4. */
    public SoftDiceLoss(int classCount) {
        this(ones(classCount), DEFAULT_EPSILON);
    }

    public SoftDiceLoss(float[] classWeights, float epsilon) {
        super("SoftDice", classWeights);
        if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("Dice epsilon must be finite and > 0, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    public float epsilon() {
        return epsilon;
    }

    @Override
    NDArray compute(NDArray logits, LossTargets t, NDManager scope) {
        NDArray p = logits.softmax(1).mul(t.valid.expandDims(1));
        NDArray intersection = p.mul(t.oneHot).sum(BATCH_AND_PIXELS);
        NDArray truth = t.oneHot.sum(BATCH_AND_PIXELS);
        NDArray denominator = p.sum(BATCH_AND_PIXELS).add(truth).add(GraphConstants.scalar(scope, epsilon));
        NDArray dice = intersection.add(intersection).div(denominator);
        NDArray weight = truth.gt(0f).toType(DataType.FLOAT32, false).mul(classWeightArray(scope).reshape(-1));
        // sum_c w_c (1 - D_c) / sum_c w_c over present classes: 0, not NaN, when no class is present.
        NDArray weightSum = weight.sum();
        return weightSum.sub(dice.mul(weight).sum()).div(weightSum.maximum(Float.MIN_NORMAL));
    }
}
