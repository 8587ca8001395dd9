package org.scsefiji.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scsefiji.model.ClassPalettes;

class SegmentationMetricsTest {
    @Test
    void mergedForegroundCountsAnObjectPixelCalledOutlineAsRight() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        // background 0, object 1, outline 2
        m.add(new int[] {0, 1, 1, 2, 2, 0}, new int[] {0, 1, 2, 2, 0, 1});
        SegmentationMetrics s = new SegmentationMetrics(m, ClassPalettes.objects(3));
        assertEquals(0.5, s.dice(1), 1e-12);
        assertEquals(0.5, s.dice(2), 1e-12);
        assertEquals(0.5, s.meanForegroundDice(), 1e-12);
        // foreground: truth pixels 1-4, predicted 1, 2, 3, 5; both 1-3: 2 * 3 / (4 + 4)
        assertEquals(0.75, s.mergedForegroundDice(), 1e-12);
        ConfusionMatrix empty = new ConfusionMatrix(3);
        empty.add(new int[] {0, 0}, new int[] {0, 0});
        assertTrue(Double.isNaN(new SegmentationMetrics(empty, ClassPalettes.objects(3)).mergedForegroundDice()));
    }
}
