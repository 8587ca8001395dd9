package org.scsefiji.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectScoresTest {
    /**
     * 10 x 1 pixels. True objects: 7 on pixels 0-3, 9 on 5-9. Predicted: 1 on 0-2 (IoU 3/4 with 7),
     * 2 on 5-6 (IoU 2/5 with 9), 3 on 7-9 (IoU 3/5 with 9).
     */
    @Test
    void handComputedImage() {
        int[] truth = {7, 7, 7, 7, 0, 9, 9, 9, 9, 9};
        int[] pred = {1, 1, 1, 0, 0, 2, 2, 3, 3, 3};
        ObjectScores s = ObjectScores.of(truth, pred);
        assertEquals(2, s.trueObjects());
        assertEquals(3, s.predictedObjects());
        // IoU 0.75 and 0.6 exceed 0.5: TP 2, FP 1, FN 0
        assertEquals(2, s.truePositives(0));
        assertEquals(2.0 / 3, s.precision(), 1e-12);
        assertEquals(1.0, s.recall(), 1e-12);
        assertEquals(0.8, s.f1(), 1e-12);
        // thresholds 0.5, 0.55: TP 2 -> 2/3; 0.6 ... 0.7: TP 1 (0.6 is not above 0.6) -> 1/4; 0.75 ... 0.95: TP 0 -> 0
        double expected = (2 * (2.0 / 3) + 3 * 0.25) / 10;
        assertEquals(expected, s.dsbScore(), 1e-12);
    }

    @Test
    void identicalImagesScoreOneWhateverTheIds() {
        int[] truth = {0, 5, 5, 0, 300, 300, 0, 2};
        int[] pred = {0, 1, 1, 0, 2, 2, 0, 3};
        ObjectScores s = ObjectScores.of(truth, pred);
        assertEquals(1.0, s.f1(), 0);
        assertEquals(1.0, s.dsbScore(), 0);
    }

    @Test
    void mergedPredictionMatchesAtMostOne() {
        // one prediction covering two true objects of 2 and 3 pixels: IoU 3/5 with the larger only
        int[] truth = {1, 1, 2, 2, 2};
        int[] pred = {4, 4, 4, 4, 4};
        ObjectScores s = ObjectScores.of(truth, pred);
        assertEquals(1, s.truePositives(0));
        assertEquals(2.0 / 3, s.f1(), 1e-12);
    }

    @Test
    void countsAddUpOverImages() {
        ObjectScores a = ObjectScores.of(new int[] {1, 0}, new int[] {1, 0});
        ObjectScores b = ObjectScores.of(new int[] {1, 0}, new int[] {0, 1});
        ObjectScores sum = a.plus(b);
        assertEquals(2, sum.trueObjects());
        assertEquals(2, sum.predictedObjects());
        assertEquals(0.5, sum.f1(), 1e-12);
        assertTrue(Double.isNaN(ObjectScores.empty().f1()));
    }
}
