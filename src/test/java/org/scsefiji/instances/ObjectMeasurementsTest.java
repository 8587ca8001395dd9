package org.scsefiji.instances;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMeasurementsTest {
    @Test
    void rectangleAndLShape() {
        int w = 6;
        int[] ids = {
            0, 1, 1, 1, 0, 0,
            0, 1, 1, 1, 0, 2,
            0, 0, 0, 0, 2, 2,
        };
        float[] values = new float[ids.length];
        for (int i = 0; i < values.length; i++) values[i] = i;
        List<MeasuredObject> objects = ObjectMeasurements.measure(new InstanceLabels(w, 3, ids, 2), values, 0);
        assertEquals(2, objects.size());
        MeasuredObject r = objects.get(0);
        assertEquals(6, r.area());
        assertEquals((1 + 2 + 3 + 7 + 8 + 9) / 6.0, r.mean(), 1e-12);
        assertEquals(1, r.min());
        assertEquals(9, r.max());
        assertEquals(2.5, r.centroidX(), 1e-12);
        assertEquals(1.0, r.centroidY(), 1e-12);
        assertEquals(1, r.boxX());
        assertEquals(0, r.boxY());
        assertEquals(3, r.boxWidth());
        assertEquals(2, r.boxHeight());
        assertArrayEquals(new int[] {1, 4, 4, 1}, r.outline().xs());
        assertArrayEquals(new int[] {0, 0, 2, 2}, r.outline().ys());
        // ImageJ's traced perimeter of a 3 x 2 rectangle: 10 - 4 corners x (2 - sqrt 2)
        assertEquals(10 - 4 * (2 - Math.sqrt(2)), r.perimeter(), 1e-12);
        MeasuredObject l = objects.get(1);
        assertEquals(3, l.area());
        assertArrayEquals(new int[] {5, 6, 6, 4, 4, 5}, l.outline().xs());
        assertArrayEquals(new int[] {1, 1, 3, 3, 2, 2}, l.outline().ys());
    }

    @Test
    void diagonalNeighbourIsNotPartOfTheOutline() {
        int[] ids = {
            1, 0,
            0, 1,
        };
        // two objects with the same id touching at a corner: the trace of the first pixel stays 4-connected
        List<MeasuredObject> objects = ObjectMeasurements.measure(new InstanceLabels(2, 2, ids, 1), null, 0);
        assertEquals(4, objects.get(0).outline().vertexCount());
        assertEquals(2, objects.get(0).area());
    }
}
