package org.scsefiji.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.io.TestImages;
import org.scsefiji.model.Normalization;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.loss.ContactWeightMap;

class TrainingDataTest {
    static final int W = 16;
    static final int H = 8;

    @TempDir
    Path dir;

    /** Image values base + x + y (min base, max base + 22); labels: class (x / 4) % classes, column 15 ignored. */
    static void writePair(Path dir, String name, int base, int classes) throws IOException {
        int[] img = new int[W * H];
        int[] lab = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img[y * W + x] = base + x + y;
                lab[y * W + x] = x == W - 1 ? 255 : (x / 4) % classes;
            }
        }
        TestImages.write8(dir.resolve(name + ".tif"), W, H, img);
        TestImages.write8(dir.resolve(name + "_labels.tif"), W, H, lab);
    }

    private TrainingData prepare(int classCount, List<String> groups) throws TrainingDataException {
        DataSource source = new DataSource(dir, null, null, null, groups, 0, 1, LabelMode.CLASSES);
        return TrainingData.prepare(source, new ImageIoReader(), classCount, Normalization.minMax(), ProgressListener.NONE,
                new CancelToken());
    }

    @Test
    void classCountComesFromTheLabelsAndNormalizationFromEachSlice() throws IOException {
        writePair(dir, "a", 10, 3);
        writePair(dir, "b", 100, 4);
        TrainingData d = prepare(0, List.of("b"));
        assertEquals(4, d.classCount());
        assertEquals(1, d.trainingIndices().length);
        assertArrayEquals(new int[] {1}, d.validationIndices());
        ImageEntry a = d.entries().get(0);
        assertEquals("a", a.pair().name());
        assertEquals(10, a.normalization(0).offset(), 0);
        assertEquals(22, a.normalization(0).scale(), 0);
        assertEquals(100, d.entries().get(1).normalization(0).offset(), 0);
        // median frequency from the training image only: classes 0,1,2 with 32,32,32+24... pixels; class 3 absent
        float[] w = d.medianFrequencyWeights();
        assertEquals(4, w.length);
        assertEquals(0f, w[3], 0);
        assertTrue(w[0] > 0 && w[1] > 0 && w[2] > 0);
    }

    @Test
    void theModelsClassCountIsEnforcedNamingTheFile() throws IOException {
        writePair(dir, "a", 10, 2);
        writePair(dir, "b", 10, 4);
        TrainingDataException e = assertThrows(TrainingDataException.class, () -> prepare(3, List.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(dir.resolve("b_labels.tif") + ": contains the label value 3"), e.getMessage());
        assertTrue(e.getMessage().contains("classes are 0..2"), e.getMessage());
    }

    @Test
    void sizeMismatchRgbAndBadValuesAreAllReportedTogether() throws IOException {
        writePair(dir, "good", 10, 2);
        TestImages.write8(dir.resolve("size.tif"), W, H, new int[W * H]);
        TestImages.write8(dir.resolve("size_labels.tif"), W, H + 1, new int[W * (H + 1)]);
        TestImages.write8(dir.resolve("rgb.tif"), W, H, new int[W * H]);
        TestImages.writeRgb(dir.resolve("rgb_labels.png"), W, H, 1);
        TestImages.writeRgb(dir.resolve("colour.png"), W, H, 1);
        TestImages.write8(dir.resolve("colour_labels.tif"), W, H, new int[W * H]);
        float[] frac = new float[W * H];
        frac[5] = 1.5f;
        TestImages.write8(dir.resolve("frac.tif"), W, H, new int[W * H]);
        TestImages.writeFloat(dir.resolve("frac_labels.tif"), W, H, frac);
        int[] big = new int[W * H];
        big[0] = 254;
        TestImages.write8(dir.resolve("big.tif"), W, H, new int[W * H]);
        TestImages.write8(dir.resolve("big_labels.tif"), W, H, big);
        TrainingDataException e = assertThrows(TrainingDataException.class, () -> prepare(0, List.of()));
        String m = e.getMessage();
        assertEquals(5, e.problems().size(), m);
        assertTrue(m.contains(dir.resolve("big_labels.tif") + ": contains the label value 254"), m);
        assertTrue(m.contains(dir.resolve("colour.png") + ": is a colour or multi-channel image") && m.contains("grayscale"), m);
        assertTrue(m.contains(dir.resolve("frac_labels.tif") + ": contains the label value 1.5") && m.contains("whole numbers"), m);
        assertTrue(m.contains(dir.resolve("rgb_labels.png") + ": is a colour") && m.contains("not colours"), m);
        assertTrue(m.contains(dir.resolve("size_labels.tif") + ": is 16 x 9 but its image size.tif is 16 x 8"), m);
    }

    @Test
    void thirtyTwoBitFloatImagesAndStacksAreAccepted() throws IOException {
        float[] img = new float[W * H];
        for (int i = 0; i < img.length; i++) img[i] = -2f + i * 0.5f;
        TestImages.writeFloat(dir.resolve("f.tif"), W, H, img);
        int[] lab = new int[W * H];
        lab[3] = 1;
        TestImages.write8(dir.resolve("f_labels.tif"), W, H, lab);
        int[][] slices = {new int[W * H], new int[W * H]};
        slices[1][7] = 2;
        TestImages.writeStack8(dir.resolve("s.tif"), W, H, slices);
        TestImages.writeStack8(dir.resolve("s_labels.tif"), W, H, slices);
        TrainingData d = prepare(0, List.of());
        assertEquals(3, d.classCount());
        assertEquals(-2, d.entries().get(0).normalization(0).offset(), 0);
        assertEquals(2, d.entries().get(1).slices());
    }

    @Test
    void onlyBackgroundOrNothingAnnotatedIsAnError() throws IOException {
        TestImages.write8(dir.resolve("a.tif"), W, H, new int[W * H]);
        TestImages.write8(dir.resolve("a_labels.tif"), W, H, new int[W * H]);
        TrainingDataException e = assertThrows(TrainingDataException.class, () -> prepare(0, List.of()));
        assertTrue(e.getMessage().contains("only class 0"), e.getMessage());
        int[] ignored = new int[W * H];
        java.util.Arrays.fill(ignored, 255);
        TestImages.write8(dir.resolve("a_labels.tif"), W, H, ignored);
        TrainingDataException e2 = assertThrows(TrainingDataException.class, () -> prepare(0, List.of()));
        assertTrue(e2.getMessage().contains(dir.resolve("a_labels.tif") + ": every pixel is 255"), e2.getMessage());
    }

    @Test
    void instanceLabelsBecomeForegroundAndBackground() throws IOException {
        int[] ids = new int[W * H];
        ids[0] = 1;
        ids[1] = 255;
        ids[2] = 300;
        TestImages.write8(dir.resolve("n.tif"), W, H, new int[W * H]);
        TestImages.write16(dir.resolve("n_labels.tif"), W, H, ids);
        DataSource source = new DataSource(dir, null, null, null, List.of(), 0, 1, LabelMode.OBJECTS);
        TrainingData d = TrainingData.prepare(source, new ImageIoReader(), 0, Normalization.minMax(), ProgressListener.NONE,
                new CancelToken());
        assertEquals(2, d.classCount());
        SliceCache cache = new SliceCache(d.entries(), new ImageIoReader(), 1 << 20, LabelMode.OBJECTS, null);
        byte[] labels = cache.get(0).labels[0];
        assertEquals(1, labels[0]);
        assertEquals(1, labels[1], "255 is an object id here, not 'ignore'");
        assertEquals(1, labels[2]);
        assertEquals(0, labels[3]);
    }

    @Test
    void objectOutlinesMakeAThirdClass() throws IOException {
        int[] ids = new int[W * H];
        for (int y = 2; y < 7; y++) for (int x = 2; x < 7; x++) ids[y * W + x] = 40;
        TestImages.write8(dir.resolve("n.tif"), W, H, new int[W * H]);
        TestImages.write16(dir.resolve("n_labels.tif"), W, H, ids);
        DataSource source = new DataSource(dir, null, null, null, List.of(), 0, 1, LabelMode.OBJECTS_AND_OUTLINES);
        TrainingData d = TrainingData.prepare(source, new ImageIoReader(), 0, Normalization.minMax(), ProgressListener.NONE,
                new CancelToken());
        assertEquals(3, d.classCount());
        byte[] labels = new SliceCache(d.entries(), new ImageIoReader(), 1 << 20, LabelMode.OBJECTS_AND_OUTLINES, null).get(0).labels[0];
        assertEquals(2, labels[2 * W + 2], "object corner: outline");
        assertEquals(1, labels[4 * W + 4], "object centre");
        assertEquals(0, labels[0]);
    }

    /** The typical object diameter: a disc of the median over images of each image's median object area. */
    @Test
    void objectLabelsGiveTheTypicalObjectDiameter() throws IOException {
        int[] a = new int[W * H];
        square(a, 0, 0, 2, 1);
        square(a, 3, 0, 3, 2);
        square(a, 8, 2, 5, 3); // areas 4, 9, 25: median 9
        int[] b = new int[W * H];
        square(b, 8, 0, 8, 5); // area 64
        for (String name : new String[] {"a", "b"}) {
            TestImages.write8(dir.resolve(name + ".tif"), W, H, new int[W * H]);
            TestImages.write16(dir.resolve(name + "_labels.tif"), W, H, name.equals("a") ? a : b);
        }
        DataSource source = new DataSource(dir, null, null, null, List.of(), 0, 1, LabelMode.OBJECTS_AND_OUTLINES);
        TrainingData d = TrainingData.prepare(source, new ImageIoReader(), 0, Normalization.minMax(), ProgressListener.NONE, new CancelToken());
        assertEquals(6.8, d.objectDiameter(), 1e-9, "median of 9 and 64 = 36.5 px, a disc 6.8 px across");
        DataSource classes = new DataSource(dir, null, null, null, List.of(), 0, 1, LabelMode.CLASSES);
        assertEquals(0, TrainingData.prepare(classes, new ImageIoReader(), 0, Normalization.minMax(), ProgressListener.NONE,
                new CancelToken()).objectDiameter(), "class labels have no objects");
    }

    private static void square(int[] ids, int x0, int y0, int side, int id) {
        for (int y = y0; y < y0 + side; y++) for (int x = x0; x < x0 + side; x++) ids[y * W + x] = id;
    }

    @Test
    void contactWeightsReadTheObjectIdsNotTheClasses() throws IOException {
        // two touching squares, ids 7 (x 2..4) and 9 (x 5..7): the classes alone (outline, outline) cannot tell a
        // contact from an object's own edge; the weights must
        int[] ids = new int[W * H];
        for (int y = 2; y < 7; y++) for (int x = 2; x < 8; x++) ids[y * W + x] = x < 5 ? 7 : 9;
        TestImages.write8(dir.resolve("n.tif"), W, H, new int[W * H]);
        TestImages.write16(dir.resolve("n_labels.tif"), W, H, ids);
        DataSource source = new DataSource(dir, null, null, null, List.of(), 0, 1, LabelMode.OBJECTS_AND_OUTLINES);
        TrainingData d = TrainingData.prepare(source, new ImageIoReader(), 0, Normalization.minMax(), ProgressListener.NONE,
                new CancelToken());
        ContactWeightMap contacts = new ContactWeightMap(10);
        SliceCache cache = new SliceCache(d.entries(), new ImageIoReader(), 1 << 20, LabelMode.OBJECTS_AND_OUTLINES, contacts);
        float[] weights = cache.get(0).weights[0];
        assertArrayEquals(contacts.compute(ids, W, H), weights, 0f);
        assertTrue(weights[4 * W + 4] > 5, "where the objects meet: " + weights[4 * W + 4]);
        assertThrows(IllegalArgumentException.class,
                () -> new SliceCache(d.entries(), new ImageIoReader(), 1 << 20, LabelMode.CLASSES, contacts));
    }
}
