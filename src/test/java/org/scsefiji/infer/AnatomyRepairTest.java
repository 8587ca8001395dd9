package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scsefiji.model.RetinaAnatomy;

/** The anatomy repair on synthetic probability maps of the ReLayNet convention (0 vitreous, 1-7 layers, 8 choroid, 9 fluid). */
class AnatomyRepairTest {
    private static final int CLASSES = 10;
    private final AnatomyRepair repair = new AnatomyRepair(RetinaAnatomy.relayNet());

    /** A true labelling: per column vitreous down to row top, 7 layers of 4 rows, choroid below. */
    private static int[] truth(int width, int height, int[] tops) {
        int[] labels = new int[width * height];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                int d = y - tops[x];
                labels[y * width + x] = d < 0 ? 0 : d < 28 ? 1 + d / 4 : 8;
            }
        }
        return labels;
    }

    /** Probabilities that favour {@code labels} by {@code confidence}, with seeded noise spread on the rest. */
    private static float[][] probabilities(int[] labels, double confidence, long seed) {
        Random r = new Random(seed);
        float[][] p = new float[CLASSES][labels.length];
        for (int i = 0; i < labels.length; i++) {
            double rest = 1 - confidence;
            double[] noise = new double[CLASSES];
            double sum = 0;
            for (int c = 0; c < CLASSES; c++) sum += noise[c] = r.nextDouble();
            for (int c = 0; c < CLASSES; c++) p[c][i] = (float) (rest * noise[c] / sum + (c == labels[i] ? confidence : 0));
        }
        return p;
    }

    /** Moves the probability of pixel (x, y) to class {@code c} with weight {@code w}. */
    private static void favour(float[][] p, int width, int x, int y, int c, float w) {
        int i = y * width + x;
        for (int k = 0; k < CLASSES; k++) p[k][i] *= 1 - w;
        p[c][i] += w;
    }

    private static int[] argmax(float[][] p) {
        return SegmentationPipeline.argmax(p);
    }

    @Test
    void aValidLabellingIsKeptExactly() {
        int w = 12, h = 60;
        int[] tops = new int[w];
        for (int x = 0; x < w; x++) tops[x] = 10 + x;
        int[] truth = truth(w, h, tops);
        float[][] p = probabilities(truth, 0.6, 1);
        int[] raw = argmax(p);
        assertArrayEquals(truth, raw);
        for (int x = 0; x < w; x++) assertTrue(repair.isValid(raw, x, w, h));
        int[] fixed = new int[w * h];
        repair.repair(p, w, h, fixed);
        assertArrayEquals(truth, fixed);
    }

    @Test
    void aBlobOfFluidAndLayersInTheVitreousIsRemoved() {
        int w = 10, h = 80;
        int[] tops = new int[w];
        java.util.Arrays.fill(tops, 40);
        int[] truth = truth(w, h, tops);
        float[][] p = probabilities(truth, 0.7, 2);
        for (int x = 2; x < 6; x++) {
            for (int y = 8; y < 12; y++) favour(p, w, x, y, y < 10 ? 9 : 5, 0.9f); // fluid and "ONL" high in the vitreous
        }
        int[] raw = argmax(p);
        assertEquals(9, raw[8 * w + 3]);
        assertFalse(repair.isValid(raw, 3, w, h));
        int[] fixed = new int[w * h];
        repair.repair(p, w, h, fixed);
        assertArrayEquals(truth, fixed, "the blob becomes vitreous, the retina below is untouched");
    }

    /**
     * A scan whose vitreous is noisier than the training data's: the network calls the whole vitreous
     * fluid, more probable than vitreous. Fluid cannot lie above the retina, so that region is vitreous,
     * and the retina's top stays at the first layer, not at the image edge (Willis_B_716_2.vol).
     */
    @Test
    void aVitreousTheNetworkCallsFluidStaysVitreous() {
        int w = 6, h = 70;
        int[] tops = new int[w];
        java.util.Arrays.fill(tops, 30);
        int[] truth = truth(w, h, tops);
        float[][] p = probabilities(truth, 0.6, 6);
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < 30; y++) favour(p, w, x, y, 9, 0.6f);
        }
        int[] raw = argmax(p);
        assertEquals(9, raw[5 * w + 2]);
        int[] fixed = new int[w * h];
        repair.repair(p, w, h, fixed);
        assertArrayEquals(truth, fixed);
    }

    @Test
    void fluidInsideTheRetinaStaysAndLayersGoOnInOrder() {
        int w = 6, h = 70;
        int[] tops = new int[w];
        java.util.Arrays.fill(tops, 20);
        int[] truth = truth(w, h, tops);
        for (int x = 1; x < 5; x++) {
            for (int y = 33; y < 40; y++) truth[y * w + x] = 9; // a fluid pocket in INL..ONL
        }
        float[][] p = probabilities(truth, 0.6, 3);
        int[] raw = argmax(p);
        for (int x = 0; x < w; x++) assertTrue(repair.isValid(raw, x, w, h), "fluid inside the retina is anatomical");
        int[] fixed = new int[w * h];
        repair.repair(p, w, h, fixed);
        assertArrayEquals(truth, fixed);
    }

    @Test
    void fluidInTheChoroidAndLayersOutOfOrderAreRepaired() {
        int w = 8, h = 70;
        int[] tops = new int[w];
        java.util.Arrays.fill(tops, 15);
        int[] truth = truth(w, h, tops);
        float[][] p = probabilities(truth, 0.7, 4);
        for (int y = 55; y < 58; y++) favour(p, w, 2, y, 9, 0.8f); // fluid below BM
        favour(p, w, 5, 18, 6, 0.8f); // an "ISE" pixel inside NFL (order broken)
        int[] raw = argmax(p);
        assertFalse(repair.isValid(raw, 2, w, h));
        assertFalse(repair.isValid(raw, 5, w, h));
        int[] fixed = new int[w * h];
        repair.repair(p, w, h, fixed);
        for (int x = 0; x < w; x++) assertTrue(repair.isValid(fixed, x, w, h));
        assertArrayEquals(truth, fixed);
    }

    @Test
    void missingLayersAreAllowed() {
        int w = 1, h = 30;
        int[] labels = new int[h];
        for (int y = 0; y < h; y++) labels[y] = y < 10 ? 0 : y < 14 ? 1 : y < 20 ? 5 : 8; // the fovea: GCL..OPL gone
        float[][] p = probabilities(labels, 0.8, 5);
        assertTrue(repair.isValid(labels, 0, 1, h));
        int[] fixed = new int[h];
        repair.repair(p, 1, h, fixed);
        assertArrayEquals(labels, fixed);
    }

    @Test
    void validityFollowsTheAutomaton() {
        assertTrue(repair.isValid(new int[] {0, 1, 9, 9, 2, 9, 3, 8}, 0, 1, 8), "fluid between layers");
        assertFalse(repair.isValid(new int[] {0, 9, 9, 2, 3, 8}, 0, 1, 6), "fluid right below the vitreous");
        assertFalse(repair.isValid(new int[] {0, 1, 2, 9, 8}, 0, 1, 5), "fluid right above the choroid");
        assertFalse(repair.isValid(new int[] {0, 1, 2, 9}, 0, 1, 4), "fluid at the bottom edge");
        assertFalse(repair.isValid(new int[] {0, 1, 0, 1, 8}, 0, 1, 5), "vitreous inside the retina");
        assertFalse(repair.isValid(new int[] {0, 3, 9, 2, 8}, 0, 1, 5), "a layer above the one before the fluid");
        assertFalse(repair.isValid(new int[] {0, 1, 8, 9}, 0, 1, 4), "fluid in the choroid");
        assertFalse(repair.isValid(new int[] {0, 1, 8, 1}, 0, 1, 4), "retina below the choroid");
    }
}
