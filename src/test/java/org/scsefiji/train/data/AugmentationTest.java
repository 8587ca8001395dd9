package org.scsefiji.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scsefiji.model.NormalizationStatistics;
import org.scsefiji.train.TrainingConfig;

class AugmentationTest {
    private static final int W = 40;
    private static final int H = 30;

    /** Horizontal bands of 6 rows: the pixel value is the band's class id (0..4). */
    private static float[] bands() {
        float[] a = new float[W * H];
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) a[y * W + x] = y / 6;
        return a;
    }

    private static byte[] ids(float[] pixels) {
        byte[] b = new byte[pixels.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) pixels[i];
        return b;
    }

    private static Augmentation full() {
        return new Augmentation(Augmentation.Mode.FULL, new double[] {0.5, 3}, new double[] {0.6, 2}, 15, 0.2,
                new double[] {0.6, 1.7}, 0.3, 0.1, 0.1, 1);
    }

    @Test
    void anIdentityTransformReadsExactlyThePlainPatch() {
        float[] src = new float[W * H];
        Random r = new Random(3);
        for (int i = 0; i < src.length; i++) src[i] = r.nextFloat();
        byte[] ids = ids(bands());
        PatchTransform identity = new PatchTransform(1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0);
        float[] pixels = new float[16 * 12];
        int[] labels = new int[pixels.length];
        int x0 = 7;
        int y0 = 5;
        identity.sample(src, ids, null, W, H, x0 + 7.5, y0 + 5.5, false, 16, 12, pixels, labels, null, 0);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                assertEquals(src[(y0 + y) * W + x0 + x], pixels[y * 16 + x], 1e-6, "pixel " + x + "," + y);
                assertEquals(ids[(y0 + y) * W + x0 + x], labels[y * 16 + x]);
            }
        }
        float[] flipped = new float[pixels.length];
        identity.sample(src, ids, null, W, H, x0 + 7.5, y0 + 5.5, true, 16, 12, flipped, labels, null, 0);
        assertEquals(src[y0 * W + x0 + 15], flipped[0], 1e-6, "a flipped patch starts with the last column");
    }

    @Test
    void labelsMoveWithThePixelsTheyLabel() {
        float[] src = bands();
        byte[] ids = ids(src);
        Random r = new Random(11);
        Augmentation geometryOnly = new Augmentation(Augmentation.Mode.GEOMETRY, new double[] {0.5, 3}, new double[] {0.6, 2},
                15, 0.2, new double[] {1, 1}, 0, 0, 0, 0);
        int checked = 0;
        for (int k = 0; k < 50; k++) {
            PatchTransform t = geometryOnly.draw(r);
            assertTrue(t.moves());
            float[] pixels = new float[24 * 20];
            int[] labels = new int[pixels.length];
            t.sample(src, ids, null, W, H, 20, 15, k % 2 == 0, 24, 20, pixels, labels, null, 0);
            for (int i = 0; i < pixels.length; i++) {
                // away from band edges the interpolated value is the band id itself
                if (Math.abs(pixels[i] - Math.round(pixels[i])) < 1e-4) {
                    assertEquals(Math.round(pixels[i]), labels[i], "patch " + k + " pixel " + i);
                    checked++;
                }
            }
        }
        assertTrue(checked > 10_000, "only " + checked + " pixels away from band edges");
    }

    @Test
    void zoomAcrossMagnifiesARampByItsFactor() {
        float[] ramp = new float[W * H];
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) ramp[y * W + x] = x;
        PatchTransform zoom2 = new PatchTransform(2, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0);
        float[] pixels = new float[10 * 4];
        zoom2.sample(ramp, new byte[W * H], null, W, H, 20, 15, false, 10, 4, pixels, new int[40], null, 0);
        for (int x = 1; x < 10; x++) assertEquals(0.5, pixels[x] - pixels[x - 1], 1e-5);
    }

    @Test
    void mirroringStaysInsideWithoutRepeatingTheEdge() {
        assertEquals(1, PatchTransform.mirror(-1, 5));
        assertEquals(3, PatchTransform.mirror(5, 5));
        assertEquals(0, PatchTransform.mirror(8, 5));
        assertEquals(0, PatchTransform.mirror(-7, 1));
        for (int i = -100; i < 100; i++) {
            int m = PatchTransform.mirror(i, 7);
            assertTrue(m >= 0 && m < 7);
        }
    }

    @Test
    void intensityChangesAreSeededAndKeepTheRangeOfAGammaAlone() {
        float[] a = new float[100];
        for (int i = 0; i < a.length; i++) a[i] = i / 99f;
        float[] g = a.clone();
        new PatchTransform(1, 1, 0, 0, 2, 1, 0, 0, 0, 0, 0).alterIntensities(g, 0, 10, 10);
        assertEquals(0f, g[0], 1e-6);
        assertEquals(1f, g[99], 1e-6);
        assertEquals(0.25f, g[49] + 0.0001f, 0.01, "gamma 2 maps about one half to one quarter");
        PatchTransform noisy = new PatchTransform(1, 1, 0, 0, 1, 1.2, 0.05, 0.8, 0.1, 0.05, 1234);
        float[] n1 = a.clone();
        float[] n2 = a.clone();
        noisy.alterIntensities(n1, 0, 10, 10);
        noisy.alterIntensities(n2, 0, 10, 10);
        assertArrayEquals(n1, n2);
        assertNotEquals(a[50], n1[50]);
    }

    @Test
    void samplerDrawsTheSameAugmentedEpochTwiceAndChangesPatches() throws Exception {
        List<ImageEntry> e = List.of(new ImageEntry(new ImagePair("a", Path.of("a.tif"), Path.of("a_labels.tif")), 768, 496, 1,
                new NormalizationStatistics[] {NormalizationStatistics.of(0, 1)}));
        PatchSampler s = new PatchSampler(e, new int[] {0}, new int[] {}, 64, 0, true, 5, Long.MAX_VALUE, false, full());
        List<Patch> a = s.trainingEpoch(2);
        List<Patch> b = s.trainingEpoch(2);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).transform.zoomX, b.get(i).transform.zoomX);
            assertEquals(a.get(i).transform.noiseSeed, b.get(i).transform.noiseSeed);
            double z = a.get(i).transform.zoomX;
            assertTrue(z >= 0.5 && z <= 3, "zoom " + z);
        }
        PatchSampler plain = new PatchSampler(e, new int[] {0}, new int[] {}, 64, 0, true, 5, Long.MAX_VALUE, false);
        assertTrue(plain.trainingEpoch(2).stream().allMatch(p -> p.transform == null));
        assertTrue(s.validationTiles().stream().allMatch(p -> p.transform == null), "validation is never changed");
    }

    @Test
    void trainingOptionsGiveOctRangesForRelayNetAndNameBadValues() {
        TrainingConfig relaynet = TrainingConfig.builder().set("images", "i").set("output", "o.scse").set("architecture", "relaynet").build();
        assertEquals("0.5,4", relaynet.toMap().get("scale_across"));
        assertTrue(relaynet.augmentation().geometric() && relaynet.augmentation().intensity());
        TrainingConfig unet = TrainingConfig.builder().set("images", "i").set("output", "o.scse").build();
        assertEquals("0", unet.toMap().get("shift_depth"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().set("images", "i").set("output", "o.scse").set("scale_depth", "2").build());
        assertTrue(bad.getMessage().contains("scale_depth"), bad.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().set("images", "i").set("output", "o.scse").set("augmentation", "lots").build());
        assertTrue(mode.getMessage().contains("augmentation") && mode.getMessage().contains("lots"), mode.getMessage());
    }

    @Test
    void scaleDepthSameZoomsBothAxesByOneDrawnFactor() {
        TrainingConfig c = TrainingConfig.builder().set("images", "i").set("output", "o.scse").set("scale_across", "0.5,2")
                .set("scale_depth", "same").build();
        Random r = new Random(5);
        boolean varied = false;
        double first = Double.NaN;
        for (int k = 0; k < 40; k++) {
            PatchTransform t = c.augmentation().draw(r);
            assertEquals(t.zoomX, t.zoomY, 0, "one zoom for both axes");
            assertTrue(t.zoomX >= 0.5 && t.zoomX <= 2, "zoom " + t.zoomX);
            if (k == 0) first = t.zoomX;
            else varied |= t.zoomX != first;
        }
        assertTrue(varied, "the zoom is drawn per patch");
        TrainingConfig anisotropic = TrainingConfig.builder().set("images", "i").set("output", "o.scse").set("scale_across", "0.5,2")
                .set("scale_depth", "0.5,2").build();
        PatchTransform t = anisotropic.augmentation().draw(new Random(5));
        assertTrue(t.zoomX != t.zoomY, "separate ranges draw separate zooms");
    }
}
