package org.scsefiji.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.scsefiji.train.loss.LossBatches.THREE_CLASS_LOGITS;
import static org.scsefiji.train.loss.LossBatches.TWO_CLASS_LOGITS;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SoftDiceLossTest {
    private static final double EPS = SoftDiceLoss.DEFAULT_EPSILON;

    @Test
    void twoClassesOverLabelledPixels() {
        try (NDManager m = LossBatches.manager()) {
            // Labelled p0..p2 (pixel weights play no part in Dice):
            // class 0: sum p g = 3/4 + 1/4 = 1,  sum p = 3/4 + 1/2 + 1/4 = 1.5, sum g = 2 -> D0 = 2 / 3.5 = 0.5714286
            // class 1: sum p g = 1/2,            sum p = 1/4 + 1/2 + 3/4 = 1.5, sum g = 1 -> D1 = 1 / 2.5 = 0.4
            // loss = 1 - (0.5714286 + 0.4) / 2 = 0.5142857; with eps 1e-4 in both denominators 0.5143019
            double d0 = 2 * 1.0 / (1.5 + 2 + EPS);
            double d1 = 2 * 0.5 / (1.5 + 1 + EPS);
            double expected = 1 - (d0 + d1) / 2;
            assertEquals(0.5143019, expected, 1e-6);
            float value = LossBatches.value(new SoftDiceLoss(2), LossBatches.twoClassLabels(m),
                    LossBatches.logits(m, TWO_CLASS_LOGITS));
            assertEquals(expected, value, 1e-5);
        }
    }

    @Test
    void classAbsentFromTruthIsLeftOutOfTheMean() {
        try (NDManager m = LossBatches.manager()) {
            // class 0: sum p g = 1/2,        sum p = 1/2 + 1/4 + 1/3 = 13/12, sum g = 1 -> D0 = 1 / (25/12) = 0.48
            // class 1: sum p g = 1/2 + 1/3,  sum p = 1/4 + 1/2 + 1/3 = 13/12, sum g = 2 -> D1 = (5/3) / (37/12) = 0.5405405
            // class 2: no truth pixel -> left out (not counted as D2 = 0)
            // loss = 1 - (0.48 + 0.5405405) / 2 = 0.4897297; with eps 1e-4: 0.4897500
            double d0 = 2 * 0.5 / (13.0 / 12 + 1 + EPS);
            double d1 = 2 * (0.5 + 1.0 / 3) / (13.0 / 12 + 2 + EPS);
            double expected = 1 - (d0 + d1) / 2;
            assertEquals(0.4897500, expected, 1e-6);
            float value = LossBatches.value(new SoftDiceLoss(3), LossBatches.threeClassLabels(m),
                    LossBatches.logits(m, THREE_CLASS_LOGITS));
            assertEquals(expected, value, 1e-5);
        }
    }

    @Test
    void sumsPoolTheWholeBatch() {
        try (NDManager m = LossBatches.manager()) {
            // The same four pixels as two 1x2 samples: per-batch sums give exactly the single-image value,
            // while per-sample Dice would differ (sample 2 holds only class 1 and the ignore pixel).
            Shape pixels = new Shape(2, 1, 2);
            NDList labels = LossBatches.labels(m, LossBatches.THREE_CLASS_LABELS, new float[] {1, 1, 1, 1}, pixels);
            float split = LossBatches.value(new SoftDiceLoss(3), labels,
                    LossBatches.logits(m, THREE_CLASS_LOGITS, new Shape(2, 3, 1, 2)));
            float whole = LossBatches.value(new SoftDiceLoss(3), LossBatches.threeClassLabels(m),
                    LossBatches.logits(m, THREE_CLASS_LOGITS));
            assertEquals(whole, split, 1e-6f);
        }
    }

    @Test
    void classWeightsGiveAWeightedMean() {
        try (NDManager m = LossBatches.manager()) {
            // weights (0, 1): loss = 1 - D1 = 1 - 1 / 2.5 = 0.6; weights (1, 3): 1 - (D0 + 3 D1) / 4
            double d0 = 2 * 1.0 / (1.5 + 2 + EPS);
            double d1 = 2 * 0.5 / (1.5 + 1 + EPS);
            float onlyClass1 = LossBatches.value(new SoftDiceLoss(new float[] {0, 1}, (float) EPS),
                    LossBatches.twoClassLabels(m), LossBatches.logits(m, TWO_CLASS_LOGITS));
            assertEquals(1 - d1, onlyClass1, 1e-5);
            float weighted = LossBatches.value(new SoftDiceLoss(new float[] {1, 3}, (float) EPS),
                    LossBatches.twoClassLabels(m), LossBatches.logits(m, TWO_CLASS_LOGITS));
            assertEquals(1 - (d0 + 3 * d1) / 4, weighted, 1e-5);
        }
    }
}
