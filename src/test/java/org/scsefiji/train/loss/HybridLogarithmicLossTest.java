package org.scsefiji.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.scsefiji.train.loss.LossBatches.LN99;
import static org.scsefiji.train.loss.LossBatches.THREE_CLASS_LOGITS;
import static org.scsefiji.train.loss.LossBatches.TWO_CLASS_LOGITS;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class HybridLogarithmicLossTest {
    /** C = g - w ln(1 + g/e) = 0.1 - 10 ln 1.2 = -1.7232156 */
    private static final double C = 0.1 - 10 * Math.log(1.2);

    private static NDList classesOnly(NDManager m, float[] classes) {
        return new NDList(m.create(classes, new Shape(1, 2, 2)));
    }

    @Test
    void linearBranchTwoClasses() {
        try (NDManager m = LossBatches.manager()) {
            // p = (3/4,1/4) label 0; (1/2,1/2) label 1; (1/4,3/4) label 0; 4th pixel ignored. 3 pixels x 2 classes.
            // C_b = -(1/6)[0.7 ln .75 + 0.3 ln .75 + 0.3 ln .5 + 0.7 ln .5 + 0.7 ln .25 + 0.3 ln .25]
            //     = (0.2876821 + 0.6931472 + 1.3862944) / 6 = 0.3945206
            // class 0: TP = 3/4 + 1/4 = 1, FP = 1/2, FN = 1/4 + 3/4 = 1 -> TI0 = 1 / (1 + 0.15 + 0.7) = 0.5405405
            // class 1: TP = 1/2, FP = 1/4 + 3/4 = 1, FN = 1/2 -> TI1 = 0.5 / (0.5 + 0.3 + 0.35) = 0.4347826
            // TL = 0.4594595 + 0.5652174 = 1.0246769; HL = (0.3945206 + 1.0246769) / 2 = 0.7095987 >= 0.1
            // ALL = HL - C = 0.7095987 + 1.7232156 = 2.4328143
            double cb = (Math.log(4.0 / 3) + Math.log(2) + Math.log(4)) / 6;
            double tl = (1 - 1 / 1.85) + (1 - 0.5 / 1.15);
            double expected = 0.5 * cb + 0.5 * tl - C;
            assertEquals(2.4328143, expected, 1e-6);
            float value = LossBatches.value(new HybridLogarithmicLoss(2), classesOnly(m, LossBatches.TWO_CLASS_LABELS),
                    LossBatches.logits(m, TWO_CLASS_LOGITS));
            assertEquals(expected, value, 1e-5);
        }
    }

    @Test
    void logarithmicBranchWhenNearlyRight() {
        try (NDManager m = LossBatches.manager()) {
            // p = (0.99, 0.01) label 0; (0.01, 0.99) label 1; two ignored pixels. 2 pixels x 2 classes.
            // C_b = -(1/4)[0.7 ln .99 + 0.3 ln .99 + 0.3 ln .99 + 0.7 ln .99] = -ln(.99)/2 = 0.0050252
            // TI_c = 0.99 / (0.99 + 0.3 * 0.01 + 0.7 * 0.01) = 0.99 for both classes -> TL = 0.02
            // HL = (0.0050252 + 0.02) / 2 = 0.0125126 < 0.1 -> ALL = 10 ln(1 + 0.0125126 / 0.5) = 0.2471717
            double hl = (-Math.log(0.99) / 2 + 0.02) / 2;
            double expected = 10 * Math.log(1 + hl / 0.5);
            assertEquals(0.2471717, expected, 1e-6);
            float value = LossBatches.value(new HybridLogarithmicLoss(2), classesOnly(m, new float[] {0, 1, 255, 255}),
                    LossBatches.logits(m, new float[][] {{LN99, 0}, {0, LN99}, {3, -2}, {-4, 6}}));
            assertEquals(expected, value, 1e-4);
        }
    }

    @Test
    void absentClassCountsInCbButNotInTl() {
        try (NDManager m = LossBatches.manager()) {
            // p = (1/2,1/4,1/4) label 0; (1/4,1/2,1/4) label 1; (1/3,1/3,1/3) label 1; 3 pixels x 3 classes.
            // C_b = -(1/9)[1.4 ln .5 + 1.2 ln .75 + 0.6 ln(2/3) + 0.7 ln(1/3)] = 2.3279322 / 9 = 0.2586591
            // class 0: TP = 1/2, FP = 1/4 + 1/3, FN = 1/2          -> TI0 = 0.5 / 1.025 = 0.4878049
            // class 1: TP = 1/2 + 1/3, FP = 1/4, FN = 1/2 + 2/3    -> TI1 = 0.8333333 / 1.725 = 0.4830918
            // class 2: absent from the truth -> not in TL. TL = 1.0291033
            // HL = (0.2586591 + 1.0291033) / 2 = 0.6438812; ALL = HL - C = 2.3670968
            double cb = -(1.4 * Math.log(.5) + 1.2 * Math.log(.75) + .6 * Math.log(2.0 / 3) + .7 * Math.log(1.0 / 3)) / 9;
            double ti0 = 0.5 / (0.5 + 0.3 * (0.25 + 1.0 / 3) + 0.7 * 0.5);
            double ti1 = (5.0 / 6) / (5.0 / 6 + 0.3 * 0.25 + 0.7 * (0.5 + 2.0 / 3));
            double expected = 0.5 * cb + 0.5 * (2 - ti0 - ti1) - C;
            assertEquals(2.3670968, expected, 1e-6);
            float value = LossBatches.value(new HybridLogarithmicLoss(3), LossBatches.threeClassLabels(m),
                    LossBatches.logits(m, THREE_CLASS_LOGITS));
            assertEquals(expected, value, 1e-5);
        }
    }

    @Test
    void optionsPixelWeightsAndClassWeightsApply() {
        try (NDManager m = LossBatches.manager()) {
            // k = 1, g = 0: ALL = |HL| - (0 - 10 ln 1) = C_b. Pixel weights (2, 1, 1, [7]) on C_b:
            // C_b = (2 ln(4/3) + ln 2 + ln 4) / 6 = (0.5753641 + 0.6931472 + 1.3862944) / 6 = 0.4424676
            HybridLogarithmicLoss onlyCb = HybridLogarithmicLoss.builder(new float[] {1, 1}).bceShare(1).logThreshold(0)
                    .build();
            float cb = LossBatches.value(onlyCb, LossBatches.twoClassLabels(m), LossBatches.logits(m, TWO_CLASS_LOGITS));
            assertEquals((2 * Math.log(4.0 / 3) + Math.log(2) + Math.log(4)) / 6, cb, 1e-5);
            assertEquals(0.4424676, cb, 1e-5);

            // k = 0, g = 0, class weights (1, 3): ALL = TL = 1 (1 - TI0) + 3 (1 - TI1) = 0.4594595 + 1.6956522
            HybridLogarithmicLoss onlyTl = HybridLogarithmicLoss.builder(new float[] {1, 3}).bceShare(0).logThreshold(0)
                    .build();
            float tl = LossBatches.value(onlyTl, LossBatches.twoClassLabels(m), LossBatches.logits(m, TWO_CLASS_LOGITS));
            assertEquals((1 - 1 / 1.85) + 3 * (1 - 0.5 / 1.15), tl, 1e-5);

            // W = 1, a = 1, b = 0.5 on the 3-class example (with 2 classes W cannot show: 1 - p_other = p_label):
            // C_b = -(1/9)[ln .5 + ln .5 + ln(1/3)] = 2.4849066 / 9 = 0.2761007 (the (1 - g) terms weigh 0)
            // TI0 = 0.5 / (0.5 + (1/4 + 1/3) + 0.5 * 0.5) = 0.375, TI1 = (5/6) / (5/6 + 1/4 + 0.5 * 7/6) = 0.5
            // HL = (0.2761007 + 0.625 + 0.5) / 2 = 0.7005503; ALL = HL - C
            HybridLogarithmicLoss custom = HybridLogarithmicLoss.builder(new float[] {1, 1, 1}).bceWeight(1)
                    .tverskyAlpha(1).tverskyBeta(0.5f).build();
            double hl = 0.5 * (2 * Math.log(2) + Math.log(3)) / 9 + 0.5 * (0.625 + 0.5);
            float v = LossBatches.value(custom, LossBatches.threeClassLabels(m), LossBatches.logits(m, THREE_CLASS_LOGITS));
            assertEquals(hl - C, v, 1e-5);
        }
    }

    @Test
    void branchesJoinContinuouslyAndBadOptionsAreRefused() {
        HybridLogarithmicLoss loss = new HybridLogarithmicLoss(2);
        assertEquals(C, loss.offset(), 1e-6);
        // At |HL| = g both branches give w ln(1 + g/e) = 1.8232156.
        assertEquals(10 * Math.log(1.2), 0.1 - loss.offset(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> HybridLogarithmicLoss.builder(new float[] {1, 1})
                .bceWeight(1.5f).build());
        assertThrows(IllegalArgumentException.class, () -> HybridLogarithmicLoss.builder(new float[] {1, 1})
                .logCurvature(0).build());
    }
}
