package org.scsefiji.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.scsefiji.eval.ObjectErrors.Cause;

/** Each cause on a small drawn example: which unmatched objects count where. */
class ObjectErrorsTest {
    private static final int W = 40;
    private static final int H = 20;

    private static void box(int[] ids, int id, int x0, int y0, int x1, int y1) {
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) ids[y * W + x] = id;
    }

    @Test
    void mergesSplitsMissesAndBoundariesAreTold() {
        int[] truth = new int[W * H];
        int[] predicted = new int[W * H];
        box(truth, 1, 0, 0, 5, 5); // two true objects, one predicted object over both: merge
        box(truth, 2, 5, 0, 10, 5);
        box(predicted, 1, 0, 0, 10, 5);
        box(truth, 3, 12, 0, 22, 5); // one true object, two predicted halves: split
        box(predicted, 2, 12, 0, 17, 5);
        box(predicted, 3, 17, 0, 22, 5);
        box(truth, 4, 24, 0, 30, 6); // 36 px, not predicted: missed, small
        box(predicted, 4, 32, 0, 38, 6); // predicted on background: spurious, small
        box(truth, 5, 0, 8, 6, 14); // 36 px inside a 81 px prediction: IoU 0.44, too fat
        box(predicted, 5, 0, 8, 9, 17);
        box(truth, 6, 12, 8, 22, 18); // 100 px matched by 81 px: IoU 0.81
        box(predicted, 6, 12, 8, 21, 17);
        ObjectErrors e = ObjectErrors.of(truth, predicted);
        assertEquals(2, e.falseNegatives(Cause.MERGE));
        assertEquals(1, e.falsePositives(Cause.MERGE));
        assertEquals(1, e.falseNegatives(Cause.SPLIT));
        assertEquals(2, e.falsePositives(Cause.SPLIT));
        assertEquals(1, e.falseNegatives(Cause.MISSED_OR_SPURIOUS));
        assertEquals(1, e.falsePositives(Cause.MISSED_OR_SPURIOUS));
        assertEquals(1, e.smallMissed());
        assertEquals(1, e.smallSpurious());
        assertEquals(1, e.falseNegatives(Cause.BOUNDARY_FAT));
        assertEquals(1, e.falsePositives(Cause.BOUNDARY_FAT));
        assertEquals(0, e.falseNegatives(Cause.BOUNDARY_THIN) + e.falsePositives(Cause.BOUNDARY_THIN));
        assertEquals(1, e.matched());
        assertEquals(0.81, e.meanAreaRatio(), 1e-12);
        ObjectErrors twice = e.plus(e);
        assertEquals(4, twice.falseNegatives(Cause.MERGE));
        assertEquals(2, twice.matched());
        // the counts agree with ObjectScores': every unmatched object has one cause
        ObjectScores s = ObjectScores.of(truth, predicted);
        long fn = 0, fp = 0;
        for (Cause c : Cause.values()) {
            fn += e.falseNegatives(c);
            fp += e.falsePositives(c);
        }
        assertEquals(s.trueObjects() - s.truePositives(0), fn);
        assertEquals(s.predictedObjects() - s.truePositives(0), fp);
    }
}
