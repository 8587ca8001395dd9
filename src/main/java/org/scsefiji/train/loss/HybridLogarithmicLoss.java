package org.scsefiji.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * FocusNet++ adaptive logarithmic loss on the hybrid loss, ALL(HL) (networks.md section 4), multi-class
 * through the one-hot ground truth g and softmax probabilities p:
 * <pre>
 * C_b  = -mean over labelled pixels and classes [ W g log p + (1 - W)(1 - g) log(1 - p) ]
 * TI_c = TP_c / (TP_c + a FP_c + b FN_c),  TP = sum p g, FP = sum p (1 - g), FN = sum (1 - p) g
 * TL   = sum_c (1 - TI_c)
 * HL   = k C_b + (1 - k) TL
 * ALL  = w ln(1 + |HL| / e)  if |HL| &lt; g_t,  else |HL| - C,  C = g_t - w ln(1 + g_t / e)
 * </pre>
 * Defaults W = 0.7, a = 0.3, b = 0.7, k = 0.5, g_t = 0.1, w = 10, e = 0.5 (g_t is the formula's g).
 * With unit class weights and no weight map this is that formula exactly, plus these choices:
 * <ul>
 * <li>Tversky sums run over the whole batch, like {@link SoftDiceLoss}.</li>
 * <li>TL sums only the classes present in the batch's ground truth: an absent class has TP = FN = 0, so
 * TI_c is 0 (or 0/0) with zero gradient; counting it would add 1 per absent class and keep HL out of the
 * logarithmic regime (|HL| &lt; g_t) for good.</li>
 * <li>log(1 - p) uses 1 - p floored at 1e-7 (as Keras does) so a saturated softmax stays finite;
 * log p comes from log-softmax.</li>
 * <li>Class weights multiply each class's C_b entries and its (1 - TI_c); the pixel weight map multiplies
 * the C_b entries of its pixel. C_b is still divided by (labelled pixels x K).</li>
 * </ul>
 */
public final class HybridLogarithmicLoss extends SegmentationLoss {
    private static final float ONE_MINUS_P_FLOOR = 1e-7f;
    private static final int[] BATCH_AND_PIXELS = {0, 2, 3};

    private final float bceWeight;
    private final float alpha;
    private final float beta;
    private final float bceShare;
    private final float logThreshold;
    private final float logScale;
    private final float logCurvature;

    private HybridLogarithmicLoss(Builder b) {
        super("HybridLogarithmic", b.classWeights);
        this.bceWeight = inRange("W (bceWeight)", b.bceWeight, 0, 1);
        this.alpha = inRange("a (tverskyAlpha)", b.alpha, 0, Float.MAX_VALUE);
        this.beta = positive("b (tverskyBeta)", b.beta);
        this.bceShare = inRange("k (bceShare)", b.bceShare, 0, 1);
        this.logThreshold = inRange("g (logThreshold)", b.logThreshold, 0, Float.MAX_VALUE);
        this.logScale = positive("w (logScale)", b.logScale);
        this.logCurvature = positive("e (logCurvature)", b.logCurvature);
    }

    /** All defaults, unit class weights. */
    public HybridLogarithmicLoss(int classCount) {
        this(builder(ones(classCount)));
    }

    public static Builder builder(float[] classWeights) {
        return new Builder(classWeights);
    }

    /** C = g - w ln(1 + g / e): joins the two branches of ALL continuously. */
    public float offset() {
        return (float) (logThreshold - logScale * Math.log1p(logThreshold / logCurvature));
    }

    @Override
    NDArray compute(NDArray logits, LossTargets t, NDManager scope) {
        NDArray one = GraphConstants.scalar(scope, 1f);
        NDArray g = t.oneHot;
        NDArray notG = one.sub(g);
        NDArray logP = logits.logSoftmax(1);
        NDArray p = logP.exp();
        NDArray oneMinusP = one.sub(p);
        NDArray classWeights = classWeightArray(scope);

        // Constants that multiply labels only (no gradient) may be plain numbers; see GraphConstants.
        NDArray positive = g.mul(bceWeight).mul(logP);
        NDArray negative = notG.mul(1f - bceWeight).mul(oneMinusP.clip(ONE_MINUS_P_FLOOR, 1f).log());
        // Pixel weights are 0 at ignore pixels, which removes them from C_b.
        NDArray pixelAndClassWeights = classWeights.mul(t.pixelWeights.expandDims(1));
        NDArray entries = t.validCount.mul((float) -classCount());
        NDArray bce = positive.add(negative).mul(pixelAndClassWeights).sum().div(entries);

        NDArray pLabelled = p.mul(t.valid.expandDims(1));
        NDArray tp = pLabelled.mul(g).sum(BATCH_AND_PIXELS);
        NDArray fp = pLabelled.mul(notG).sum(BATCH_AND_PIXELS);
        NDArray fn = oneMinusP.mul(g).sum(BATCH_AND_PIXELS);
        NDArray present = g.sum(BATCH_AND_PIXELS).gt(0f).toType(DataType.FLOAT32, false);
        // + (1 - present): absent classes get a denominator >= 1 instead of 0/0; they are masked out anyway.
        NDArray denominator = tp.add(fp.mul(GraphConstants.scalar(scope, alpha)))
                .add(fn.mul(GraphConstants.scalar(scope, beta))).add(one.sub(present));
        NDArray tl = one.sub(tp.div(denominator)).mul(present.mul(classWeights.reshape(-1))).sum();

        NDArray hl = bce.mul(GraphConstants.scalar(scope, bceShare))
                .add(tl.mul(GraphConstants.scalar(scope, 1f - bceShare))).abs();
        NDArray logBranch = one.add(hl.div(GraphConstants.scalar(scope, logCurvature))).log()
                .mul(GraphConstants.scalar(scope, logScale));
        NDArray linearBranch = hl.sub(GraphConstants.scalar(scope, offset()));
        return NDArrays.where(hl.lt(logThreshold), logBranch, linearBranch);
    }

    private static float inRange(String name, float v, float min, float max) {
        if (!(v >= min && v <= max) || Float.isInfinite(v)) {
            throw new IllegalArgumentException("Hybrid loss option " + name + " must be >= " + min
                    + (max == Float.MAX_VALUE ? "" : " and <= " + max) + ", got " + v);
        }
        return v;
    }

    private static float positive(String name, float v) {
        if (!(v > 0) || Float.isInfinite(v)) {
            throw new IllegalArgumentException("Hybrid loss option " + name + " must be finite and > 0, got " + v);
        }
        return v;
    }

    /** Options with the FocusNet++ defaults. */
    public static final class Builder {
        private final float[] classWeights;
        private float bceWeight = 0.7f;
        private float alpha = 0.3f;
        private float beta = 0.7f;
        private float bceShare = 0.5f;
        private float logThreshold = 0.1f;
        private float logScale = 10f;
        private float logCurvature = 0.5f;

        private Builder(float[] classWeights) {
            this.classWeights = classWeights;
        }

        /** W: weight of the positive (g = 1) term of C_b; 1 - W weighs the negative term. */
        public Builder bceWeight(float w) {
            bceWeight = w;
            return this;
        }

        /** a: weight of false positives in the Tversky index. */
        public Builder tverskyAlpha(float a) {
            alpha = a;
            return this;
        }

        /** b: weight of false negatives in the Tversky index. */
        public Builder tverskyBeta(float b) {
            beta = b;
            return this;
        }

        /** k: share of C_b in HL; 1 - k goes to the Tversky loss. */
        public Builder bceShare(float k) {
            bceShare = k;
            return this;
        }

        /** g: below this |HL| the loss is logarithmic, above it linear. */
        public Builder logThreshold(float g) {
            logThreshold = g;
            return this;
        }

        /** w: scale of the logarithmic branch. */
        public Builder logScale(float w) {
            logScale = w;
            return this;
        }

        /** e: curvature of the logarithmic branch. */
        public Builder logCurvature(float e) {
            logCurvature = e;
            return this;
        }

        public HybridLogarithmicLoss build() {
            return new HybridLogarithmicLoss(this);
        }
    }
}
