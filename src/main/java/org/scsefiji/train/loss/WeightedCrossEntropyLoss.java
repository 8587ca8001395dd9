package org.scsefiji.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Weighted multi-class logistic loss (ReLayNet, SD-Net):
 * L = sum over labelled pixels x of classWeight[l(x)] * w(x) * (-log softmax(x)_{l(x)}) / n,
 * n = number of labelled (non-ignore) pixels in the batch, w = the pixel weight map.
 *
 * <p>Why n and not the sum of weights (torch's weighted-mean convention): ReLayNet divides by the
 * number of labelled pixels and nn-common-modules takes the plain mean of w(x)*CE(x), so the weight map
 * really raises the share of boundary and layer pixels in the total loss, also against the Dice term
 * of {@link CombinedLoss}; dividing by the weights would rescale that emphasis away batch by batch.
 * With unit weights this is the ordinary mean cross-entropy. log-softmax keeps it finite for any logits.
 */
public final class WeightedCrossEntropyLoss extends SegmentationLoss {
    /** Unweighted classes. */
    public WeightedCrossEntropyLoss(int classCount) {
        this(ones(classCount));
    }

    /** classWeights[c] multiplies the loss of pixels whose label is c (e.g. {@link MedianFrequencyWeights}). */
    public WeightedCrossEntropyLoss(float[] classWeights) {
        super("WeightedCrossEntropy", classWeights);
    }

    @Override
    NDArray compute(NDArray logits, LossTargets t, NDManager scope) {
        NDArray logProbability = logits.logSoftmax(1);
        // (N,H,W): classWeight[label] * log p_label; the one-hot is zero at ignore pixels.
        NDArray weightedLogP = t.oneHot.mul(classWeightArray(scope)).mul(logProbability).sum(new int[] {1});
        return weightedLogP.mul(t.pixelWeights).sum().div(t.validCount.neg());
    }
}
