package org.scsefiji.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.io.TestImages;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.NormalizationStatistics;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

class PatchSamplerTest {
    @TempDir
    Path dir;

    private static ImageEntry bscan(String name) {
        return new ImageEntry(new ImagePair(name, Path.of(name + ".tif"), Path.of(name + "_labels.tif")), 768, 496, 1,
                new NormalizationStatistics[] {NormalizationStatistics.of(0, 1)});
    }

    @Test
    void relayNetStripsAreFullHeight64ColumnsTwelvePerBscan() {
        List<ImageEntry> e = List.of(bscan("a"), bscan("b"), bscan("c"));
        PatchSampler s = new PatchSampler(e, new int[] {0, 1}, new int[] {2}, 64, 0, true, 5, Long.MAX_VALUE, false);
        assertEquals(64, s.patchWidth());
        assertEquals(496, s.patchHeight());
        List<Patch> epoch = s.trainingEpoch(0);
        assertEquals(24, epoch.size());
        assertEquals(24, s.trainingPatchCount());
        for (Patch p : epoch) {
            assertTrue(p.image() == 0 || p.image() == 1, "validation image sampled for training");
            assertEquals(0, p.y());
            assertTrue(p.x() >= 0 && p.x() <= 768 - 64, p.toString());
        }
        int flips = 0;
        int total = 0;
        for (int ep = 0; ep < 10; ep++) {
            for (Patch p : s.trainingEpoch(ep)) {
                flips += p.flip() ? 1 : 0;
                total++;
            }
        }
        assertTrue(flips > 0.4 * total && flips < 0.6 * total, flips + " of " + total + " flipped");
        PatchSampler noFlip = new PatchSampler(e, new int[] {0, 1}, new int[] {2}, 64, 0, false, 5, Long.MAX_VALUE, false);
        assertTrue(noFlip.trainingEpoch(3).stream().noneMatch(Patch::flip));
    }

    @Test
    void eachEpochHasItsOwnRepeatableDraw() {
        List<ImageEntry> e = List.of(bscan("a"), bscan("b"));
        PatchSampler s = new PatchSampler(e, new int[] {0, 1}, new int[] {}, 64, 0, true, 5, Long.MAX_VALUE, false);
        PatchSampler same = new PatchSampler(e, new int[] {0, 1}, new int[] {}, 64, 0, true, 5, Long.MAX_VALUE, false);
        assertEquals(s.trainingEpoch(4).toString(), same.trainingEpoch(4).toString());
        assertNotEquals(s.trainingEpoch(4).toString(), s.trainingEpoch(5).toString());
    }

    /** Image value = x + 100 y (normalization none); every label 1. */
    private TrainingData positionCodedImage(int w, int h) throws IOException {
        int[] img = new int[w * h];
        int[] lab = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img[y * w + x] = x + 100 * y;
                lab[y * w + x] = 1;
            }
        }
        TestImages.write16(dir.resolve("p.tif"), w, h, img);
        TestImages.write8(dir.resolve("p_labels.tif"), w, h, lab);
        TestImages.write16(dir.resolve("q.tif"), w, h, img);
        TestImages.write8(dir.resolve("q_labels.tif"), w, h, lab);
        return TrainingData.prepare(new DataSource(dir, null, null, null, List.of("q"), 0, 1, LabelMode.CLASSES), new ImageIoReader(), 0,
                new Normalization(Normalization.Mode.NONE, 0, 1), ProgressListener.NONE, new CancelToken());
    }

    @Test
    void validationTilesCountEveryPixelExactlyOnce() throws IOException {
        int w = 70;
        int h = 20;
        TrainingData d = positionCodedImage(w, h);
        PatchSampler s = new PatchSampler(d.entries(), d.trainingIndices(), d.validationIndices(), 32, 16, true, 1, 1 << 20, false);
        List<Patch> tiles = s.validationTiles();
        assertEquals(3 * 2, tiles.size());
        assertTrue(tiles.stream().noneMatch(Patch::flip));
        SliceCache cache = new SliceCache(d.entries(), new ImageIoReader(), 1 << 20, LabelMode.CLASSES, null);
        PatchBatch b = PatchBatch.of(tiles, 32, 16, cache);
        float[] px = b.pixels();
        int[] lab = b.labels();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] == 255) continue;
            assertTrue(seen.add((int) px[i]), "pixel " + px[i] + " counted twice");
        }
        assertEquals(w * h, seen.size());
    }

    @Test
    void flipsMirrorPixelsLabelsAndWeightsAndPaddingIsIgnored() throws IOException {
        TrainingData d = positionCodedImage(12, 6);
        SliceCache cache = new SliceCache(d.entries(), new ImageIoReader(), 1 << 20, LabelMode.CLASSES,
                new org.scsefiji.train.loss.BoundaryWeightMap(10, 5, 1));
        Patch plain = new Patch(0, 0, 2, 1, false, 0, 0);
        Patch flipped = new Patch(0, 0, 2, 1, true, 0, 0);
        PatchBatch b = PatchBatch.of(List.of(plain, flipped), 8, 4, cache);
        float[] px = b.pixels();
        float[] wt = b.weights();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(2 + x + 100 * (1 + y), px[y * 8 + x], 0);
                assertEquals(px[y * 8 + x], px[32 + y * 8 + (7 - x)], 0);
                assertEquals(wt[y * 8 + x], wt[32 + y * 8 + (7 - x)], 0);
            }
        }
        // a patch larger than the image: zeros, ignored labels and zero weights outside
        PatchBatch big = PatchBatch.of(List.of(new Patch(0, 0, 0, 0, false, 0, 0)), 16, 8, cache);
        assertEquals(0f, big.pixels()[7 * 16 + 15], 0);
        assertEquals(255, big.labels()[7 * 16 + 15]);
        assertEquals(0f, big.weights()[7 * 16 + 15], 0);
        assertEquals(1, big.labels()[5 * 16 + 11]);
        assertEquals(6f, big.weights()[5 * 16 + 11], 0, "class 1 pixel, not on a boundary: 1 + w2");
    }

    @Test
    void patchesUseTheWholeImagesScalingNotTheirOwn() throws IOException {
        TrainingDataTest.writePair(dir, "a", 10, 2);
        TrainingData d = TrainingData.prepare(new DataSource(dir, null, null, null, List.of(), 0, 1, LabelMode.CLASSES),
                new ImageIoReader(), 0, Normalization.minMax(), ProgressListener.NONE, new CancelToken());
        SliceCache cache = new SliceCache(d.entries(), new ImageIoReader(), 1 << 20, LabelMode.CLASSES, null);
        // columns 4..7, rows 0..1 hold 14..22: per patch they would span 0..1; per image (10..32) they do not
        PatchBatch b = PatchBatch.of(List.of(new Patch(0, 0, 4, 0, false, 0, 0)), 4, 2, cache);
        float[] px = b.pixels();
        assertEquals((14 - 10) / 22f, px[0], 1e-6);
        assertEquals((18 - 10) / 22f, px[7], 1e-6);
    }

    @Test
    void dataLargerThanTheCacheIsStreamedOnceAnEpoch() throws IOException {
        for (int i = 0; i < 6; i++) TrainingDataTest.writePair(dir, "img" + i, 10 * i, 2);
        TrainingData d = TrainingData.prepare(new DataSource(dir, null, null, null, List.of(), 0, 1, LabelMode.CLASSES),
                new ImageIoReader(), 0, Normalization.minMax(), ProgressListener.NONE, new CancelToken());
        long perImage = 16 * 8 * 5;
        long budget = 2 * perImage;
        SliceCache cache = new SliceCache(d.entries(), new ImageIoReader(), budget, LabelMode.CLASSES, null);
        PatchSampler s = new PatchSampler(d.entries(), d.trainingIndices(), d.validationIndices(), 4, 4, true, 3, budget, false);
        for (int epoch = 0; epoch < 2; epoch++) {
            long before = cache.loads();
            List<Patch> patches = s.trainingEpoch(epoch);
            assertEquals(6 * 8, patches.size());
            for (int i = 0; i < patches.size(); i += 4) PatchBatch.of(patches.subList(i, i + 4), 4, 4, cache);
            assertTrue(cache.loads() - before <= 6, "epoch " + epoch + " read " + (cache.loads() - before) + " images");
        }
    }
}
