package org.scsefiji.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ContactWeightMapTest {
    private static final int W = 20;
    private static final int H = 9;

    /** Object ids on a 20 x 9 grid; objects are the x ranges given, rows 2..6, ids 1, 2, 3... */
    private static int[] objects(int[]... xRanges) {
        int[] ids = new int[W * H];
        for (int o = 0; o < xRanges.length; o++) {
            for (int y = 2; y <= 6; y++) {
                for (int x = xRanges[o][0]; x <= xRanges[o][1]; x++) ids[y * W + x] = o + 1;
            }
        }
        return ids;
    }

    private static float expected(double d1, double d2) {
        double s = d1 + d2;
        return (float) (1 + 10 * Math.exp(-s * s / (2 * ContactWeightMap.SIGMA * ContactWeightMap.SIGMA)));
    }

    @Test
    void oneObjectAloneWeighsOneEverywhere() {
        float[] w = new ContactWeightMap(10).compute(objects(new int[] {5, 12}), W, H);
        for (float v : w) assertEquals(1f, v, 0f);
    }

    @Test
    void touchingObjectsWeighMostWhereTheyMeet() {
        // objects 1 (x 2..7) and 2 (x 8..13) touch between x = 7 and x = 8
        float[] w = new ContactWeightMap(10).compute(objects(new int[] {2, 7}, new int[] {8, 13}), W, H);
        int row = 4 * W;
        assertEquals(expected(0, 1), w[row + 7], 1e-6f); // on object 1, object 2 one pixel away
        assertEquals(expected(0, 1), w[row + 8], 1e-6f);
        assertEquals(expected(0, 3), w[row + 5], 1e-6f); // inside object 1, 3 px from object 2
        assertEquals(1f, w[row + 18], 0f); // background beyond the search radius of object 1 (x 13 + 5 = 18)
        // background above the contact: nearest object 1 px up-left... (7, 1): object 1 at (7, 2) d1 = 1, object 2 at (8, 2) d2 = sqrt 2
        assertEquals(expected(1, Math.sqrt(2)), w[W + 7], 1e-6f);
    }

    @Test
    void aGapBetweenTwoObjectsWeighsByBothDistances() {
        // objects 1 (x 2..6) and 2 (x 10..14): background x 7..9 between them
        float[] w = new ContactWeightMap(10).compute(objects(new int[] {2, 6}, new int[] {10, 14}), W, H);
        int row = 4 * W;
        assertEquals(expected(2, 2), w[row + 8], 1e-6f);
        assertEquals(expected(1, 3), w[row + 7], 1e-6f);
        // the gap weighs more than the objects' far sides
        assertEquals(true, w[row + 8] > w[row + 3]);
    }

    @Test
    void rejectsBadWeightsAndSizes() {
        assertThrows(IllegalArgumentException.class, () -> new ContactWeightMap(-1));
        assertThrows(IllegalArgumentException.class, () -> new ContactWeightMap(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ContactWeightMap(10).compute(new int[5], 2, 2));
    }
}
