package org.scsefiji.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BScanLayersTest {
    /** One column from top to bottom. */
    private static BScanLayers column(int... labels) {
        return BScanLayers.of(labels, 1, labels.length);
    }

    @Test
    void cleanOrderedColumnGivesItsClassEdges() {
        // vitreous 0-2, NFL 3-4, GCL+IPL 5, INL 6-7, OPL 8, ONL+ISM 9-11, ISE 12, OS+RPE 13-14, choroid 15-16
        BScanLayers l = column(0, 0, 0, 1, 1, 2, 3, 3, 4, 5, 5, 5, 6, 7, 7, 8, 8);
        float[] expected = {3, 5, 6, 8, 9, 12, 13, 15};
        for (int k = 0; k < 8; k++) assertEquals(expected[k], l.boundary(k, 0), 0, OctLayers.BOUNDARY_NAMES.get(k));
        assertEquals(12, l.thicknessPixels(0, 0), 0, "retina ILM-BM");
        assertEquals(2, l.thicknessPixels(1, 0), 0, "NFL");
        assertEquals(3, l.thicknessPixels(5, 0), 0, "ONL+ISM");
        assertEquals(0, l.fluidPixels(0));
    }

    @Test
    void aStrayPixelDoesNotMoveTheBoundaries() {
        BScanLayers clean = column(0, 0, 0, 0, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 8, 8);
        BScanLayers stray = column(0, 7, 0, 0, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 8, 8); // an OS+RPE speck in the vitreous
        for (int k = 0; k < 8; k++) assertEquals(clean.boundary(k, 0), stray.boundary(k, 0), 0, OctLayers.BOUNDARY_NAMES.get(k));
    }

    @Test
    void fluidInsideTheRetinaCountsTowardsTheTotalAndSplitsItsNeighbours() {
        // INL 4-5, fluid 6-9, OPL 10; a fluid speck in the vitreous (row 0) is not counted
        BScanLayers l = column(9, 0, 1, 2, 3, 3, 9, 9, 9, 9, 4, 5, 6, 7, 8);
        assertEquals(2, l.boundary(0, 0), 0, "ILM");
        assertEquals(14, l.boundary(7, 0), 0, "BM");
        assertEquals(12, l.thicknessPixels(0, 0), 0, "retina includes the 4 fluid pixels");
        assertEquals(8, l.boundary(3, 0), 0, "INL/OPL in the middle of the fluid pocket");
        assertEquals(4, l.fluidPixels(0));
        float sum = 0;
        for (int layer = 1; layer <= 7; layer++) sum += l.thicknessPixels(layer, 0);
        assertEquals(l.thicknessPixels(0, 0), sum, 0, "layers add up to the retina");
    }

    @Test
    void aColumnWithoutRetinaIsNaNAndMissingLayersHaveZeroThickness() {
        int[] labels = {0, 0, // row 0: two columns
                        0, 1,
                        8, 7,
                        8, 8};
        BScanLayers l = BScanLayers.of(labels, 2, 4);
        assertFalse(l.valid(0));
        assertTrue(Float.isNaN(l.thicknessPixels(0, 0)));
        assertTrue(l.valid(1));
        assertEquals(2, l.thicknessPixels(0, 1), 0);
        assertEquals(0, l.thicknessPixels(3, 1), 0, "INL absent");
    }
}
