package org.scsefiji.instances;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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

    /**
     * Two nuclei that touch without a visible gap: p(object) is high across the join, so seeds cut from p(object)
     * make one object; with a core class ('C': p(core) 0.8, p(object) 0.15) each core seeds one object, and the
     * object's inside (p(object) + p(core)) is what the watershed floods.
     */
    @Test
    void coresSplitNucleiThatTouchWithoutAGap() {
        String[] rows = {
            ".oooooooooooo.",
            "o############o",
            "o##CC####CC##o",
            "o##CC####CC##o",
            "o############o",
            ".oooooooooooo."};
        int w = rows[0].length();
        float[][] p = sketch(rows);
        float[] core = new float[p[0].length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                if (rows[y].charAt(x) != 'C') continue;
                core[y * w + x] = 0.8f;
                p[0][y * w + x] = 0.15f;
                p[1][y * w + x] = 0.03f;
            }
        }
        InstanceDecoder withoutCores = new InstanceDecoder(PARAMS);
        assertEquals(1, withoutCores.decode(p[0], p[1], w, rows.length).count(), "without cores the C pixels are no seed: one object");
        float[] object = p[0].clone();
        for (int i = 0; i < object.length; i++) if (core[i] > 0) object[i] = 0.95f;
        assertEquals(1, withoutCores.decode(object, p[1], w, rows.length).count(), "p(object) high across the join: one object");

        InstanceLabels l = new InstanceDecoder(PARAMS.withCoreClass(3)).decode(p[0], p[1], core, w, rows.length);
        assertEquals(2, l.count());
        int[] ids = l.labels();
        assertEquals(1, ids[2 * w + 3]);
        assertEquals(2, ids[2 * w + 10]);
        int[] area = new int[3];
        for (int v : ids) area[v]++;
        assertEquals(4, area[0], "the corners are background; the rest is shared out");
        assertEquals(area[1], area[2], "the join lies halfway between the cores");
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

    @Test
    void medianAreaIsTheLowerMiddleObjectSizeAndSkipsUnusedIds() {
        // areas: id 1 = 3 px, id 2 = 1 px, id 4 = 2 px (id 3 unused), background ignored
        int[] ids = {1, 1, 1, 0, 2, 0, 4, 4, 0};
        assertEquals(2, InstanceLabels.medianArea(ids, 4));
        // an even count takes the lower of the two middle areas: 1, 3 -> 1
        assertEquals(1, InstanceLabels.medianArea(new int[] {1, 1, 1, 2}, 2));
        assertEquals(0, InstanceLabels.medianArea(new int[] {0, 0}, 0));
    }

    private static final int W = 40;
    private static final int H = 28;

    /**
     * Nuclei of radius 8.5 at the given centres: p(object) about 0.93 (seeded noise) up to 6.5 from a centre,
     * p(outline) about 0.8 on the rim beyond, background elsewhere; no outline where two nuclei overlap.
     */
    private static float[][] discs(long seed, double... centres) {
        Random random = new Random(seed);
        float[] object = new float[W * H];
        float[] outline = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double nearest = Double.POSITIVE_INFINITY;
                for (int c = 0; c < centres.length; c += 2) nearest = Math.min(nearest, Math.hypot(x - centres[c], y - centres[c + 1]));
                float noise = (float) (random.nextDouble() - 0.5) * 0.06f;
                int i = y * W + x;
                if (nearest <= 6.5) {
                    object[i] = 0.93f + noise;
                    outline[i] = 0.04f;
                } else if (nearest <= 8.5) {
                    object[i] = 0.15f + noise;
                    outline[i] = 0.8f;
                } else {
                    object[i] = 0.02f;
                    outline[i] = 0.03f;
                }
            }
        }
        return new float[][] {object, outline};
    }

    private static InstanceLabels decode(InstancePostProcessing p, float[][] probabilities) {
        return new InstanceDecoder(p).decode(probabilities[0], probabilities[1], W, H);
    }

    private static final InstancePostProcessing NO_SPLIT = new InstancePostProcessing(1, 2, 0.5, 0.8, 4, 10);

    /** Interiors 12 pixels apart meet in a neck 3 pixels from their edge, 3.7 below their centres. */
    @Test
    void touchingNucleiWithConnectedInteriorsSplitAtTheNeck() {
        float[][] p = discs(7, 14, 14, 26, 14);
        assertEquals(1, decode(NO_SPLIT, p).count(), "without splitting the shared interior is one seed");
        InstanceLabels split = decode(NO_SPLIT.withSeedSplitHeight(2), p);
        assertEquals(2, split.count());
        int[] ids = split.labels();
        int left = ids[14 * W + 14];
        int right = ids[14 * W + 26];
        assertTrue(left > 0 && right > 0 && left != right, left + " " + right);
        int[] area = new int[3];
        for (int v : ids) area[v]++;
        assertTrue(Math.abs(area[1] - area[2]) < area[1] / 5, "halves of about equal area: " + area[1] + " " + area[2]);
        // the split shares out the same pixels as one object
        int[] whole = decode(NO_SPLIT, p).labels();
        for (int i = 0; i < ids.length; i++) assertEquals(whole[i] > 0, ids[i] > 0, "pixel " + i);
        // too deep a neck requirement keeps them together
        assertEquals(1, decode(NO_SPLIT.withSeedSplitHeight(4), p).count());
    }

    @Test
    void aSingleNucleusStaysOneObjectExactlyAsWithoutSplitting() {
        float[][] p = discs(11, 19.3, 13.6);
        InstanceLabels one = decode(NO_SPLIT, p);
        InstanceLabels split = decode(NO_SPLIT.withSeedSplitHeight(0.5), p);
        assertEquals(1, split.count());
        assertArrayEquals(one.labels(), split.labels());
    }

    @Test
    void squaredDistancesAreExact() {
        Random random = new Random(3);
        int w = 23;
        int h = 17;
        int[] lab = new int[w * h];
        for (int i = 0; i < lab.length; i++) lab[i] = random.nextInt(10) < 8 ? 5 : 0;
        int[] d = DistanceTransform.squaredDistances(lab, 5, w, h);
        for (int i = 0; i < lab.length; i++) {
            int best = lab[i] == 5 ? Integer.MAX_VALUE : 0;
            for (int j = 0; j < lab.length && lab[i] == 5; j++) {
                if (lab[j] == 5) continue;
                int dx = i % w - j % w;
                int dy = i / w - j / w;
                best = Math.min(best, dx * dx + dy * dy);
            }
            assertEquals(best, d[i], "pixel " + i);
        }
    }
}
