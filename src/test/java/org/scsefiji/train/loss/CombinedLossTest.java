package org.scsefiji.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.scsefiji.train.loss.LossBatches.TWO_CLASS_LOGITS;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedLossTest {
    // Hand values of the 2-class example (see WeightedCrossEntropyLossTest, SoftDiceLossTest):
    // CE with class weights (1, 3) and pixel weights = 1.3470333; Dice (unweighted, eps 1e-4) = 0.5143019.
    private static final double CE = (2 * Math.log(4.0 / 3) + 3 * Math.log(2) + Math.log(4)) / 3;
    private static final double DICE = 1 - (2 * 1.0 / (3.5 + 1e-4) + 2 * 0.5 / (2.5 + 1e-4)) / 2;

    @Test
    void crossEntropyPlusDiceIsTheSum() {
        try (NDManager m = LossBatches.manager()) {
            // 1.3470333 + 0.5143019 = 1.8613352
            CombinedLoss loss = CombinedLoss.crossEntropyPlusDice(new float[] {1, 3});
            float value = LossBatches.value(loss, LossBatches.twoClassLabels(m), LossBatches.logits(m, TWO_CLASS_LOGITS));
            assertEquals(1.8613352, CE + DICE, 1e-6);
            assertEquals(CE + DICE, value, 1e-5);
        }
    }

    @Test
    void weightsScaleTheComponents() {
        try (NDManager m = LossBatches.manager()) {
            // 2 * 1.3470333 + 0.5 * 0.5143019 = 2.9512176
            CombinedLoss loss = new CombinedLoss("mix",
                    List.of(new WeightedCrossEntropyLoss(new float[] {1, 3}), new SoftDiceLoss(2)), new float[] {2, 0.5f});
            float value = LossBatches.value(loss, LossBatches.twoClassLabels(m), LossBatches.logits(m, TWO_CLASS_LOGITS));
            assertEquals(2.9512176, 2 * CE + 0.5 * DICE, 1e-6);
            assertEquals(2 * CE + 0.5 * DICE, value, 1e-5);
        }
    }

    @Test
    void oneWeightPerComponent() {
        assertThrows(IllegalArgumentException.class,
                () -> new CombinedLoss("x", List.of(new SoftDiceLoss(2)), new float[] {1, 1}));
    }
}
