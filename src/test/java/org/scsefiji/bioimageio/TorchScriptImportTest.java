package org.scsefiji.bioimageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.export.BioImageIoPackage;
import org.scsefiji.export.Npy;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.ModelFileException;
import org.scsefiji.model.NormalizationStatistics;
import org.scsefiji.model.ScseModel;
import org.yaml.snakeyaml.Yaml;

/**
 * A bioimage.io package with TorchScript weights, made by src/test/python/make_torchscript_package.py with torch
 * 1.13: the PyTorch twin of the committed tiny .scse model (a U-Net with 4 features and sSE, trained briefly on 48
 * DSB 2018 nuclei images), given its weights and traced, in a package as another tool would write it (no
 * config.scse_fiji). Loaded through {@link ModelLoader} it runs in DJL's PyTorch and segments, through the
 * segmenter {@code segment} uses, like the package's own test output (computed by torch 1.13) and like the .scse
 * model itself; damaged or missing weights are refused naming the file and the field.
 */
class TorchScriptImportTest {
    static final String PACKAGE = "tiny-nuclei-torchscript.zip";
    static final String MODEL = "tiny-nuclei.scse";

    @TempDir
    Path dir;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(TorchScriptImportTest.class.getResource(name).toURI());
    }

    /**
     * The package's own test, as bioimage.io's tools run it: its preprocessing, then the graph on the test tensor as it
     * is (the segmenter would add mirrored margins, which change the border pixels the output's halo marks).
     */
    @Test
    void thePackageReproducesItsOwnTestOutput() throws Exception {
        Path zip = fixture(PACKAGE);
        Npy.Array in;
        Npy.Array expected;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            in = Npy.readFloat32(z.getInputStream(z.getEntry("test_input.npy")).readAllBytes(), "test_input.npy");
            expected = Npy.readFloat32(z.getInputStream(z.getEntry("test_output.npy")).readAllBytes(), "test_output.npy");
        }
        int h = (int) in.shape[2];
        int w = (int) in.shape[3];
        try (ScseModel imported = ModelLoader.load(zip, Device.cpu());
                NDManager m = imported.djlModel().getNDManager().newSubManager()) {
            assertTrue(imported.network().describe().contains("TorchScript weights"), imported.network().describe());
            assertEquals(List.of("background", "nucleus", "outline"), imported.spec().classes().stream().map(c -> c.name())
                    .collect(java.util.stream.Collectors.toList()), "classes from the output's channel_names");
            NormalizationStatistics norm = NormalizationStatistics.compute(imported.spec().normalization(), ArrayImgs.floats(in.values, w, h));
            float[] x = new float[in.values.length];
            for (int i = 0; i < x.length; i++) x[i] = norm.apply(in.values[i]);
            NDArray logits = imported.network().forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(in.shape))), false)
                    .singletonOrThrow();
            float[] p = logits.softmax(1).toFloatArray();
            assertEquals(expected.values.length, p.length, "output size");
            float worst = 0;
            for (int i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - expected.values[i]));
            int k = (int) expected.shape[1];
            long[] want = argmax(expected.values, k);
            long[] got = argmax(p, k);
            int differ = 0;
            for (int i = 0; i < want.length; i++) if (want[i] != got[i]) differ++;
            System.out.printf("package test tensor %d x %d: max |p - p'| = %.2e against torch %s's test output, %d of %d labels differ%n",
                    w, h, worst, "1.13", differ, want.length);
            assertTrue(worst < 1e-4, "probabilities differ by " + worst);
            assertEquals(0, differ, "labels differ");
        }
    }

    /**
     * The nuclei demo sample (256 x 256) segmented by the package, whole and in tiles of its minimum size (272: a halo of
     * 128 around a 16-pixel centre), against the .scse model segmenting it whole.
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void itSegmentsTheNucleiSampleAsTheModelWhoseWeightsWereTraced() throws Exception {
        RandomAccessibleInterval image = new ImageIoReader().read(Path.of("models", "samples",
                "nuclei-00071198d059ba7f.tif"));
        SegmentationOutputs own;
        int minTile;
        try (ScseModel model = ModelLoader.load(fixture(MODEL), Device.cpu())) {
            own = new Segmenter(model).segment(image, ImageAxes.singleChannel(2), true, false, null, null);
            minTile = BioImageIoPackage.minSize(model.network());
        }
        float[] p = BioImageIoModelTest.floats(own);
        long[] labels = BioImageIoModelTest.longs(own);
        long foreground = java.util.Arrays.stream(labels).filter(l -> l != 0).count();
        assertTrue(foreground > labels.length / 50 && foreground < labels.length / 2, "a trained model finds nuclei: " + foreground);
        try (ScseModel imported = ModelLoader.load(fixture(PACKAGE), Device.cpu())) {
            for (int tile : new int[] {0, minTile}) {
                Segmenter segmenter = new Segmenter(imported).tileSize(tile);
                assertEquals(tile == 0, segmenter.plan(image).isSingleTile(), "tile size " + tile + ": " + segmenter.plan(image));
                SegmentationOutputs s = segmenter.segment(image, ImageAxes.singleChannel(2), true, false, null, null);
                assertSame(p, labels, s, "nuclei sample, " + segmenter.plan(image));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void damagedOrMissingWeightsAreRefusedNamingFileAndField() throws Exception {
        byte[] junk = "not a TorchScript archive".getBytes(StandardCharsets.UTF_8);
        refused(f -> write(f.resolve("weights.torchscript"), junk), rdf -> { }, "weights.torchscript.sha256", "damaged");
        refused(f -> write(f.resolve("weights.torchscript"), junk), rdf -> torchscript(rdf).remove("sha256"),
                "weights.torchscript.source", "PyTorch cannot load");
        refused(f -> write(f.resolve("weights.torchscript"), junk), rdf -> rdf.put("weights", Map.of("pytorch_script",
                Map.of("source", "weights.torchscript"))), "weights.torchscript.source", "PyTorch cannot load");
        refused(f -> f.resolve("weights.torchscript").toFile().delete(), rdf -> { }, "weights.torchscript.source", "not in the package");
        refused(f -> { }, rdf -> torchscript(rdf).put("source", "model.pt"), "weights.torchscript.source", "'model.pt'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> torchscript(Map<String, Object> rdf) {
        return (Map<String, Object>) ((Map<String, Object>) rdf.get("weights")).get("torchscript");
    }

    private static void write(Path f, byte[] bytes) {
        try {
            Files.write(f, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void refused(Consumer<Path> changeFiles, Consumer<Map<String, Object>> changeRdf, String field, String detail) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("bad" + System.nanoTime()));
        try (ZipFile z = new ZipFile(fixture(PACKAGE).toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) Files.write(folder.resolve(e.getName()), z.getInputStream(e).readAllBytes());
        }
        changeFiles.accept(folder);
        Map<String, Object> rdf = new Yaml().load(Files.readString(folder.resolve("rdf.yaml")));
        changeRdf.accept(rdf);
        Files.writeString(folder.resolve("rdf.yaml"), new Yaml().dump(rdf), StandardCharsets.UTF_8);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelLoader.load(folder, Device.cpu()).close(), field);
        System.out.println("refused: " + e.getMessage());
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("rdf.yaml: " + field + " "), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    /** Labels exactly, probabilities within 1e-4; the near ties (top two within 1e-4) are counted and printed. */
    private static void assertSame(float[] p, long[] labels, SegmentationOutputs actual, String what) {
        float[] q = BioImageIoModelTest.floats(actual);
        long[] b = BioImageIoModelTest.longs(actual);
        assertEquals(p.length, q.length, what + ": probability count");
        assertEquals(labels.length, b.length, what + ": pixel count");
        float worst = 0;
        for (int i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - q[i]));
        int k = p.length / labels.length;
        int differ = 0;
        int ties = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != b[i]) differ++;
            float[] v = new float[k];
            for (int c = 0; c < k; c++) v[c] = p[c * labels.length + i];
            java.util.Arrays.sort(v);
            if (v[k - 1] - v[k - 2] <= 1e-4) ties++;
        }
        System.out.printf("%s: max |p - p'| = %.2e, %d of %d labels differ (%d near ties)%n", what, worst, differ, labels.length, ties);
        assertTrue(worst < 1e-4, what + ": probabilities differ by " + worst);
        assertEquals(0, differ, what + ": labels differ");
    }

    /** The class of the largest probability per pixel, of probabilities laid out class by class. */
    private static long[] argmax(float[] p, int classes) {
        int n = p.length / classes;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < classes; c++) if (p[c * n + i] > p[(int) out[i] * n + i]) out[i] = c;
        }
        return out;
    }
}
