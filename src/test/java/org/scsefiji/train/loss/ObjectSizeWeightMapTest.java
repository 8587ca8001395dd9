package org.scsefiji.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ObjectSizeWeightMapTest {
    private static final int W = 30;
    private static final int H = 12;

    /** Object ids 1, 2, ... on a 30 x 12 grid, each the rectangle {x0, y0, x1, y1} (inclusive). */
    private static int[] objects(int[]... boxes) {
        int[] ids = new int[W * H];
        for (int o = 0; o < boxes.length; o++) {
            for (int y = boxes[o][1]; y <= boxes[o][3]; y++) {
                for (int x = boxes[o][0]; x <= boxes[o][2]; x++) ids[y * W + x] = o + 1;
            }
        }
        return ids;
    }

    @Test
    void smallObjectsAndTheirRingWeighReferenceOverArea() {
        // object 1: 4 px (2 x 2 at x 3..4, y 3..4); object 2: 64 px (8 x 8 at x 15..22, y 2..9); reference 32 px
        float[] w = new ObjectSizeWeightMap(32, 100).compute(objects(new int[] {3, 3, 4, 4}, new int[] {15, 2, 22, 9}), W, H);
        assertEquals(8f, w[3 * W + 3], 0f); // 32 / 4
        assertEquals(8f, w[1 * W + 1], 0f); // background two pixels up-left of the small object: in its ring
        assertEquals(8f, w[4 * W + 6], 0f); // two pixels right
        assertEquals(1f, w[4 * W + 7], 0f); // three pixels right: outside the ring
        assertEquals(1f, w[5 * W + 18], 0f); // the large object is not weighted down
        assertEquals(1f, w[5 * W + 13], 0f); // nor its ring up
    }

    @Test
    void theWeightIsCapped() {
        // two 4-px objects one pixel apart, reference 400 px: 100 capped at 5, on both and on the gap between them
        float[] w = new ObjectSizeWeightMap(400, 5).compute(objects(new int[] {3, 3, 4, 4}, new int[] {6, 3, 7, 4}), W, H);
        assertEquals(5f, w[3 * W + 3], 0f);
        assertEquals(5f, w[3 * W + 5], 0f); // the gap between them
        assertEquals(1f, w[10 * W + 20], 0f);
    }

    @Test
    void aNeighbourRingDoesNotReweighAnotherObjectsPixels() {
        // a 4-px object (weight 16 with reference 64) touching an 8 x 8 object (weight 1): the large one's pixels stay 1
        float[] w = new ObjectSizeWeightMap(64, 100).compute(objects(new int[] {3, 3, 4, 4}, new int[] {5, 2, 12, 9}), W, H);
        assertEquals(16f, w[3 * W + 4], 0f);
        assertEquals(1f, w[3 * W + 5], 0f);
        assertEquals(16f, w[2 * W + 4], 0f); // background above the small object
    }

    @Test
    void rejectsBadParametersAndSizes() {
        assertThrows(IllegalArgumentException.class, () -> new ObjectSizeWeightMap(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new ObjectSizeWeightMap(Double.NaN, 5));
        assertThrows(IllegalArgumentException.class, () -> new ObjectSizeWeightMap(100, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new ObjectSizeWeightMap(100, 5).compute(new int[5], W, H));
    }
}
