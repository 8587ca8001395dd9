package org.scsefiji.bioimageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.export.BioImageIoPackage;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.ModelFileException;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.NetworkTestSupport;
import org.scsefiji.nn.SeBlockType;
import org.yaml.snakeyaml.Yaml;

/**
 * An exported package loaded back through {@link ModelLoader} segments as its model does, in one tile and in many
 * (a network without channel squeezes, so tiling cannot change its result); the same package without scSE-Fiji's
 * config section (as another tool's would be) too; and what cannot be run is refused naming the file and field.
 */
class BioImageIoModelTest {
    @TempDir
    static Path dir;
    static Path zip;
    static ScseModel model;
    static ArrayImg<FloatType, FloatArray> image;

    @BeforeAll
    static void export() throws Exception {
        NetworkSpec spec = NetworkTestSupport.small(Architecture.UNET).features(4).seBlock(SeBlockType.SSE)
                .normalization(Normalization.percentile(1, 99)).logitOffsets(java.util.List.of(-1.0, 0.0, 1.0)).build();
        // with logit offsets: the exported graph adds them, so the imported model must not add them again
        model = NetworkTestSupport.seededModel(spec, 3);
        BioImageIoPackage.Description d = new BioImageIoPackage.Description();
        d.name = "tiny sse";
        zip = dir.resolve("tiny.zip");
        BioImageIoPackage.write(model, BioImageIoPackage.TestImage.synthetic(1, BioImageIoPackage.minSize(model.network()), 1), d, zip);
        // smooth blobs and seeded noise, 150 x 131 (no multiple of the network's 16)
        java.util.Random r = new java.util.Random(5);
        float[] v = new float[150 * 131];
        for (int y = 0; y < 131; y++) {
            for (int x = 0; x < 150; x++) {
                v[y * 150 + x] = (float) (100 * Math.sin(x / 9.0) * Math.cos(y / 13.0) + 100 + 20 * r.nextFloat());
            }
        }
        image = ArrayImgs.floats(v, 150, 131);
    }

    @Test
    void aPackageIsFoundAndSegmentsLikeItsModelInOneTileAndInMany() throws Exception {
        assertTrue(BioImageIoModel.isPackage(zip));
        assertFalse(BioImageIoModel.isPackage(Path.of("models", "nuclei.scse")));
        SegmentationOutputs own = new Segmenter(model).segment(image, ImageAxes.singleChannel(2), true, false, null, null);
        try (ScseModel imported = ModelLoader.load(zip, Device.cpu())) {
            assertEquals(model.spec().classes(), imported.spec().classes(), "classes from config.scse_fiji");
            assertEquals(model.spec().normalization(), imported.spec().normalization(), "normalisation from the preprocessing");
            int min = BioImageIoPackage.minSize(model.network());
            for (int tile : new int[] {0, min}) {
                Segmenter s = new Segmenter(imported).tileSize(tile);
                assertEquals(tile == 0, s.plan(image).isSingleTile(), "tile size " + tile);
                assertSame(own, s.segment(image, ImageAxes.singleChannel(2), true, false, null, null), "tile size " + tile);
            }
        }
    }

    @Test
    void anotherToolsPackageWithoutOurConfigSegmentsToo() throws Exception {
        Path folder = unpacked("foreign", rdf -> rdf.remove("config"));
        SegmentationOutputs own = new Segmenter(model).segment(image, ImageAxes.singleChannel(2), true, false, null, null);
        try (ScseModel imported = ModelLoader.load(folder, Device.cpu())) {
            assertEquals(3, imported.spec().classCount());
            assertEquals("class_1", imported.spec().classes().get(1).name(), "class names from the output's channel_names");
            assertTrue(imported.network().describe().contains("ONNX"), imported.network().describe());
            assertSame(own, new Segmenter(imported).segment(image, ImageAxes.singleChannel(2), true, false, null, null), "foreign");
        }
    }

    /** The same package described in model spec 0.4 (axes strings, shape min/step, halo lists, preprocessing by name). */
    @Test
    @SuppressWarnings("unchecked")
    void aSpec04PackageSegmentsToo() throws Exception {
        Path folder = unpacked("v04", rdf -> {
            Map<String, Object> in = (Map<String, Object>) ((List<Object>) rdf.get("inputs")).get(0);
            Map<String, Object> out = (Map<String, Object>) ((List<Object>) rdf.get("outputs")).get(0);
            Map<String, Object> y = (Map<String, Object>) ((Map<String, Object>) axes(rdf, "inputs").get(2)).get("size");
            int halo = ((Number) ((Map<String, Object>) axes(rdf, "outputs").get(2)).get("halo")).intValue();
            rdf.put("format_version", "0.4.10");
            rdf.remove("config");
            in.put("name", "input");
            in.put("axes", "bcyx");
            in.put("data_type", "float32");
            in.put("shape", Map.of("min", List.of(1, 1, y.get("min"), y.get("min")), "step", List.of(0, 0, y.get("step"), y.get("step"))));
            in.put("preprocessing", List.of(Map.of("name", "scale_range", "kwargs", Map.of("mode", "per_sample", "axes", "yx",
                    "min_percentile", 1, "max_percentile", 99))));
            out.put("name", "probabilities");
            out.put("axes", "bcyx");
            out.put("shape", Map.of("reference_tensor", "input", "scale", List.of(1, 0, 1, 1), "offset", List.of(0, 1.5, 0, 0)));
            out.put("halo", List.of(0, 0, halo, halo));
            out.put("data_range", List.of(0.0, 1.0));
        });
        SegmentationOutputs own = new Segmenter(model).tileSize(BioImageIoPackage.minSize(model.network()))
                .segment(image, ImageAxes.singleChannel(2), true, false, null, null);
        try (ScseModel imported = ModelLoader.load(folder, Device.cpu())) {
            assertEquals(model.spec().normalization(), imported.spec().normalization());
            assertEquals(model.network().sizeMultiple(), imported.network().sizeMultiple());
            Segmenter s = new Segmenter(imported).tileSize(BioImageIoPackage.minSize(model.network()));
            assertSame(own, s.segment(image, ImageAxes.singleChannel(2), true, false, null, null), "spec 0.4, tiled");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatCannotRunIsRefusedNamingFileAndField() throws Exception {
        refused(rdf -> axes(rdf, "inputs").add(2, Map.of("type", "space", "id", "z", "size", 8)), "inputs[0].axes", "z");
        refused(rdf -> ((List<Object>) rdf.get("inputs")).add(((List<Object>) rdf.get("inputs")).get(0)), "inputs", "2 inputs");
        refused(rdf -> preprocessing(rdf).add(Map.of("id", "clip", "kwargs", Map.of("min", 0, "max", 1))), "inputs[0].preprocessing[2]",
                "clip");
        refused(rdf -> preprocessing(rdf).set(1, Map.of("id", "scale_linear", "kwargs", Map.of("gain", List.of(1.0, 2.0), "offset", 0))),
                "inputs[0].preprocessing[1].kwargs.gain", "per channel");
        refused(rdf -> rdf.put("weights", Map.of("pytorch_state_dict", Map.of("source", "weights.pt"))), "weights", "onnx or torchscript");
        refused(rdf -> rdf.put("weights", Map.of("onnx", Map.of("source", "elsewhere.onnx"))), "weights.onnx.source", "elsewhere.onnx");
        refused(rdf -> rdf.put("weights", Map.of("onnx", Map.of("source", "https://example.org/w.onnx"))), "weights.onnx.source", "download");
    }

    private static void refused(Consumer<Map<String, Object>> change, String field, String detail) throws Exception {
        Path folder = unpacked("bad" + System.nanoTime(), change);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelLoader.load(folder, Device.cpu()).close(), field);
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("rdf.yaml: " + field + " "), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> axes(Map<String, Object> rdf, String tensors) {
        return (List<Object>) ((Map<String, Object>) ((List<Object>) rdf.get(tensors)).get(0)).get("axes");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> preprocessing(Map<String, Object> rdf) {
        return (List<Object>) ((Map<String, Object>) ((List<Object>) rdf.get("inputs")).get(0)).get("preprocessing");
    }

    /** The package unpacked into a folder, its rdf.yaml changed (the YAML is read into mutable lists and maps). */
    @SuppressWarnings("unchecked")
    private static Path unpacked(String name, Consumer<Map<String, Object>> change) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) Files.write(folder.resolve(e.getName()), z.getInputStream(e).readAllBytes());
        }
        Map<String, Object> rdf = new Yaml().load(Files.readString(folder.resolve("rdf.yaml")));
        change.accept(rdf);
        Files.writeString(folder.resolve("rdf.yaml"), new Yaml().dump(rdf), StandardCharsets.UTF_8);
        return folder;
    }

    /**
     * Probabilities within 1e-4, and the same label wherever the model's top two classes are further apart than that
     * (random weights leave near ties, where float rounding may pick either).
     */
    private static void assertSame(SegmentationOutputs expected, SegmentationOutputs actual, String what) {
        float[] p = floats(expected);
        float[] q = floats(actual);
        float worst = 0;
        for (int i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - q[i]));
        long[] a = longs(expected);
        long[] b = longs(actual);
        int k = p.length / a.length;
        int differ = 0;
        int ties = 0;
        for (int i = 0; i < a.length; i++) {
            float best = -1;
            float second = -1;
            for (int c = 0; c < k; c++) {
                float v = p[c * a.length + i];
                if (v > best) {
                    second = best;
                    best = v;
                } else if (v > second) {
                    second = v;
                }
            }
            boolean tie = best - second <= 1e-4;
            if (tie) ties++;
            if (a[i] != b[i] && !tie) differ++;
        }
        System.out.printf("%s: max |p - p'| = %.2e, %d near ties of %d pixels, %d labels differ elsewhere%n", what, worst, ties, a.length, differ);
        assertTrue(worst < 1e-4, what + ": probabilities differ by " + worst);
        assertEquals(0, differ, what + ": labels differ away from near ties");
    }

    /** The label image's values in flat order (also for TorchScriptImportTest). */
    static long[] longs(SegmentationOutputs o) {
        List<Long> v = new ArrayList<>();
        Cursor<? extends net.imglib2.type.numeric.IntegerType<?>> c = Views.flatIterable(o.labels()).cursor();
        while (c.hasNext()) v.add(c.next().getIntegerLong());
        return v.stream().mapToLong(Long::longValue).toArray();
    }

    /** The probability maps' values in flat order (also for TorchScriptImportTest). */
    static float[] floats(SegmentationOutputs o) {
        List<Float> v = new ArrayList<>();
        Cursor<FloatType> c = Views.flatIterable(o.probabilities()).cursor();
        while (c.hasNext()) v.add(c.next().get());
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }
}
