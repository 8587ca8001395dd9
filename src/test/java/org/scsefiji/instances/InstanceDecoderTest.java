package org.scsefiji.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.scsefiji.model.InstancePostProcessing;

class InstanceDecoderTest {
    private static final InstancePostProcessing PARAMS = new InstancePostProcessing(1, 2, 0.5, 0.6, 2, 3);

    /** Probabilities from a sketch: '#' nucleus (p 0.9), 'o' outline (p(outline) 0.8), '.' background. */
    private static float[][] sketch(String... rows) {
        int w = rows[0].length();
        float[] object = new float[w * rows.length];
        float[] outline = new float[w * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                char c = rows[y].charAt(x);
                object[y * w + x] = c == '#' ? 0.9f : c == 'o' ? 0.15f : 0.02f;
                outline[y * w + x] = c == 'o' ? 0.8f : c == '#' ? 0.05f : 0.02f;
            }
        }
        return new float[][] {object, outline};
    }

    private static InstanceLabels decode(String... rows) {
        float[][] p = sketch(rows);
        return new InstanceDecoder(PARAMS).decode(p[0], p[1], rows[0].length(), rows.length);
    }

    @Test
    void touchingNucleiSeparatedByOutlineAreTwoObjectsCoveringTheOutline() {
        InstanceLabels l = decode(
                ".oooooooo.",
                "o###oo###o",
                "o###oo###o",
                "o###oo###o",
                ".oooooooo.");
        assertEquals(2, l.count());
        int[] ids = l.labels();
        assertEquals(1, ids[10 + 1]);
        assertEquals(2, ids[10 + 7]);
        // every foreground pixel belongs to an object; the outline is shared out between both
        int zero = 0;
        for (int v : ids) if (v == 0) zero++;
        assertEquals(4, zero);
        assertEquals(1, ids[1]);
        assertEquals(2, ids[8]);
    }

    @Test
    void smallSeedsAndObjectsGoHolesAreFilled() {
        InstanceLabels l = decode(
                "..........",
                ".####...#.",
                ".#..#.....",
                ".####..o..",
                "..........");
        // the ring gets its hole filled (4 + 2 + 4 + 2 = 12 pixels); the lone nucleus pixel is a seed below
        // min_seed_area and an object below min_area; the lone outline pixel is an object below min_area
        assertEquals(1, l.count());
        int area = 0;
        for (int v : l.labels()) if (v == 1) area++;
        assertEquals(12, area);
        assertEquals(1, l.labels()[2 * 10 + 2]);
    }

    @Test
    void foregroundWithoutSeedIsAnObjectOfItsOwn() {
        InstanceLabels l = decode(
                "ooo.##",
                "ooo.##",
                "......");
        assertEquals(2, l.count());
        assertEquals(1, l.labels()[0]);
        assertEquals(2, l.labels()[4]);
        assertNotEquals(0, l.labels()[8]);
    }

    @Test
    void baselineComponentsOfTheObjectClass() {
        int[] classes = {1, 1, 2, 1, 0, 1, 0, 1, 0};
        InstanceLabels l = InstanceDecoder.classComponents(classes, 3, 3, 1);
        assertEquals(3, l.count());
        assertEquals(1, l.labels()[3]);
        assertEquals(2, l.labels()[5]);
        assertEquals(3, l.labels()[7]);
        assertEquals(0, l.labels()[2]);
    }
}
