package org.scsefiji.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scsefiji.train.loss.LossBatches.TWO_CLASS_LOGITS;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class WeightedCrossEntropyLossTest {
    @Test
    void classAndPixelWeightsOverLabelledPixels() {
        try (NDManager m = LossBatches.manager()) {
            // Class weights (1, 3), pixel weights (2, 1, 1, [7 ignored]), 3 labelled pixels:
            // p0: 1 * 2 * -ln(3/4) = 0.5753641
            // p1: 3 * 1 * -ln(1/2) = 2.0794415
            // p2: 1 * 1 * -ln(1/4) = 1.3862944
            // sum 4.0411000 / 3 = 1.3470333
            double expected = (2 * Math.log(4.0 / 3) + 3 * Math.log(2) + Math.log(4)) / 3;
            WeightedCrossEntropyLoss loss = new WeightedCrossEntropyLoss(new float[] {1, 3});
            float value = LossBatches.value(loss, LossBatches.twoClassLabels(m), LossBatches.logits(m, TWO_CLASS_LOGITS));
            assertEquals(1.3470333, expected, 1e-6);
            assertEquals(expected, value, 1e-5);
        }
    }

    @Test
    void withoutWeightsItIsTheMeanCrossEntropyAndIntLabelsWork() {
        try (NDManager m = LossBatches.manager()) {
            // (ln(4/3) + ln 2 + ln 4) / 3 = (0.2876821 + 0.6931472 + 1.3862944) / 3 = 0.7890412
            double expected = (Math.log(4.0 / 3) + Math.log(2) + Math.log(4)) / 3;
            NDArray logits = LossBatches.logits(m, TWO_CLASS_LOGITS);
            NDList intLabelsNoWeightMap = new NDList(m.create(new int[] {0, 1, 0, 255}, new Shape(1, 2, 2)));
            float value = LossBatches.value(new WeightedCrossEntropyLoss(2), intLabelsNoWeightMap, logits);
            assertEquals(0.7890412, expected, 1e-6);
            assertEquals(expected, value, 1e-5);
        }
    }

    @Test
    void allIgnoredGivesZero() {
        try (NDManager m = LossBatches.manager()) {
            NDList labels = LossBatches.labels(m, new float[] {255, 255, 255, 255}, new float[] {1, 1, 1, 1},
                    new Shape(1, 2, 2));
            assertEquals(0f, LossBatches.value(new WeightedCrossEntropyLoss(2), labels,
                    LossBatches.logits(m, TWO_CLASS_LOGITS)), 0f);
        }
    }

    @Test
    void badLabelAndShapeAreNamed() {
        try (NDManager m = LossBatches.manager()) {
            NDArray logits = LossBatches.logits(m, TWO_CLASS_LOGITS);
            NDList labelTwo = LossBatches.labels(m, new float[] {0, 2, 1, 1}, new float[] {1, 1, 1, 1}, new Shape(1, 2, 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new WeightedCrossEntropyLoss(2).evaluate(labelTwo, new NDList(logits)));
            assertTrue(e.getMessage().contains("Label value 2"), e.getMessage());

            NDList wrongShape = new NDList(m.create(new float[] {0, 1}, new Shape(1, 1, 2)));
            e = assertThrows(IllegalArgumentException.class,
                    () -> new WeightedCrossEntropyLoss(2).evaluate(wrongShape, new NDList(logits)));
            assertTrue(e.getMessage().contains("class map"), e.getMessage());

            e = assertThrows(IllegalArgumentException.class, () -> new WeightedCrossEntropyLoss(3)
                    .evaluate(LossBatches.twoClassLabels(m), new NDList(logits)));
            assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
        }
    }

    @Test
    void stableForHugeLogits() {
        try (NDManager m = LossBatches.manager()) {
            // p0 logits (1000, -1000), label 1: -log softmax_1 = 2000 exactly in exact arithmetic.
            NDArray logits = LossBatches.logits(m, new float[][] {{1000, -1000}, {0, 0}, {0, 0}, {0, 0}});
            NDList labels = LossBatches.labels(m, new float[] {1, 255, 255, 255}, new float[] {1, 1, 1, 1},
                    new Shape(1, 2, 2));
            assertEquals(2000f, LossBatches.value(new WeightedCrossEntropyLoss(2), labels, logits), 1e-2f);
        }
    }
}
