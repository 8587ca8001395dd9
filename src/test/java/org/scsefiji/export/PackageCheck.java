package org.scsefiji.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.scsefiji.io.Sha256;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads a package as a consumer would, from the zip alone: checks the fields the model spec 0.5 requires and
 * that the files they name exist with their sha256, then runs the ONNX weights in ONNX Runtime on the test
 * input after the package's own preprocessing (implemented here from the spec, independently of scSE-Fiji's
 * normalisation) and compares with the test output.
 */
final class PackageCheck {
    final Map<String, byte[]> files = new HashMap<>();
    final Map<String, Object> rdf;
    Npy.Array testInput;
    Npy.Array testOutput;
    float[] onnxProbabilities;

    @SuppressWarnings("unchecked")
    PackageCheck(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) files.put(e.getName(), z.getInputStream(e).readAllBytes());
        }
        assertNotNull(files.get("rdf.yaml"), "rdf.yaml in " + zip);
        rdf = new Yaml().load(new String(files.get("rdf.yaml"), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    void checkStructure() {
        for (String key : List.of("format_version", "type", "name", "description", "authors", "cite", "license", "documentation",
                "covers", "inputs", "outputs", "weights", "timestamp", "tags")) {
            assertTrue(rdf.containsKey(key), "rdf.yaml has " + key);
        }
        assertTrue(((String) rdf.get("format_version")).startsWith("0.5."), "format_version 0.5.x");
        assertEquals("model", rdf.get("type"));
        for (Map<String, Object> a : (List<Map<String, Object>>) rdf.get("authors")) assertNotNull(a.get("name"), "author name");
        List<Map<String, Object>> cite = (List<Map<String, Object>>) rdf.get("cite");
        assertTrue(cite.stream().anyMatch(c -> "10.1109/TMI.2018.2867261".equals(c.get("doi"))), "cites the TMI paper");
        for (Map<String, Object> c : cite) assertTrue(c.get("text") != null && (c.get("doi") != null || c.get("url") != null), "cite entry " + c);
        assertFile((String) rdf.get("documentation"), null);
        for (Object cover : (List<Object>) rdf.get("covers")) {
            byte[] png = assertFile((String) cover, null);
            assertTrue(png.length < 500_000, "cover under 500 kB");
            assertEquals((byte) 0x89, png[0], "cover is a PNG");
        }
        Map<String, Object> onnx = (Map<String, Object>) ((Map<String, Object>) rdf.get("weights")).get("onnx");
        assertNotNull(onnx, "weights.onnx");
        assertTrue(((Number) onnx.get("opset_version")).intValue() >= 11, "opset_version");
        assertFile((String) onnx.get("source"), (String) onnx.get("sha256"));

        Map<String, Object> input = ((List<Map<String, Object>>) rdf.get("inputs")).get(0);
        Map<String, Object> output = ((List<Map<String, Object>>) rdf.get("outputs")).get(0);
        testInput = tensor(input);
        testOutput = tensor(output);
        List<Map<String, Object>> inAxes = (List<Map<String, Object>>) input.get("axes");
        List<Map<String, Object>> outAxes = (List<Map<String, Object>>) output.get("axes");
        assertEquals(List.of("batch", "channel", "space", "space"), inAxes.stream().map(a -> a.get("type")).collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of("batch", "channel", "space", "space"), outAxes.stream().map(a -> a.get("type")).collect(java.util.stream.Collectors.toList()));
        assertEquals(((List<?>) inAxes.get(1).get("channel_names")).size(), testInput.shape[1], "input channels");
        assertEquals(((List<?>) outAxes.get(1).get("channel_names")).size(), testOutput.shape[1], "output channels");
        for (Object n : (List<?>) outAxes.get(1).get("channel_names")) assertTrue(((String) n).matches("[a-z][a-z0-9_]*"), "identifier " + n);
        for (int d = 2; d < 4; d++) {
            Map<String, Object> size = (Map<String, Object>) inAxes.get(d).get("size");
            long min = ((Number) size.get("min")).longValue();
            long step = ((Number) size.get("step")).longValue();
            long actual = testInput.shape[d];
            assertTrue(actual >= min && (actual - min) % step == 0, "test input size " + actual + " fits {min " + min + ", step " + step + "}");
            Map<String, Object> ref = (Map<String, Object>) outAxes.get(d).get("size");
            assertEquals(input.get("id"), ref.get("tensor_id"), "output size refers to the input");
            assertEquals(inAxes.get(d).get("id"), ref.get("axis_id"));
            long halo = ((Number) outAxes.get(d).get("halo")).longValue();
            assertTrue(min - 2 * halo >= step, "minimum size " + min + " leaves a centre inside the halo " + halo);
            assertEquals(testInput.shape[d], testOutput.shape[d], "output follows the input's size");
        }
    }

    /**
     * Runs the weights in ONNX Runtime on the preprocessed test input, into {@link #onnxProbabilities} (compare them
     * with {@link EngineAgreement#assertProbabilities}).
     */
    @SuppressWarnings("unchecked")
    void runInOnnxRuntime() throws Exception {
        Map<String, Object> input = ((List<Map<String, Object>>) rdf.get("inputs")).get(0);
        float[] x = testInput.values.clone();
        int c = (int) testInput.shape[1];
        int plane = (int) (testInput.shape[2] * testInput.shape[3]);
        for (Map<String, Object> op : (List<Map<String, Object>>) input.get("preprocessing")) {
            Map<String, Object> kw = (Map<String, Object>) op.getOrDefault("kwargs", Map.of());
            for (int ch = 0; ch < c; ch++) {
                float[] p = Arrays.copyOfRange(x, ch * plane, (ch + 1) * plane);
                switch ((String) op.get("id")) {
                    case "ensure_dtype":
                        break;
                    case "scale_range": {
                        double lo = percentile(p, ((Number) kw.get("min_percentile")).doubleValue());
                        double hi = percentile(p, ((Number) kw.get("max_percentile")).doubleValue());
                        for (int i = 0; i < plane; i++) p[i] = (float) ((p[i] - lo) / (hi - lo + 1e-6));
                        break;
                    }
                    case "zero_mean_unit_variance": {
                        double mean = 0;
                        for (float v : p) mean += v;
                        mean /= plane;
                        double var = 0;
                        for (float v : p) var += (v - mean) * (v - mean);
                        double std = Math.sqrt(var / plane);
                        for (int i = 0; i < plane; i++) p[i] = (float) ((p[i] - mean) / (std + 1e-6));
                        break;
                    }
                    case "scale_linear": {
                        double gain = ((Number) kw.get("gain")).doubleValue();
                        double offset = ((Number) kw.get("offset")).doubleValue();
                        for (int i = 0; i < plane; i++) p[i] = (float) (p[i] * gain + offset);
                        break;
                    }
                    default:
                        throw new AssertionError("unknown preprocessing " + op.get("id"));
                }
                System.arraycopy(p, 0, x, ch * plane, plane);
            }
        }
        try (OnnxRuntimeRun ort = new OnnxRuntimeRun(files.get("weights.onnx"))) {
            onnxProbabilities = ort.probabilities(x, testInput.shape);
        }
        assertEquals(testOutput.values.length, onnxProbabilities.length);
    }

    long[] onnxLabels() {
        return OnnxExportTest.argMax(onnxProbabilities, 1, (int) testOutput.shape[1], testOutput.shape[2] * testOutput.shape[3]);
    }

    long[] testOutputLabels() {
        return OnnxExportTest.argMax(testOutput.values, 1, (int) testOutput.shape[1], testOutput.shape[2] * testOutput.shape[3]);
    }

    void assertSameLabels() {
        assertArrayEquals(testOutputLabels(), onnxLabels(), "labels of ONNX Runtime on the package's test input");
    }

    /** numpy.percentile's default (linear interpolation between order statistics). */
    private static double percentile(float[] values, double p) {
        float[] s = values.clone();
        Arrays.sort(s);
        double pos = p / 100 * (s.length - 1);
        int k = (int) Math.floor(pos);
        int k1 = Math.min(k + 1, s.length - 1);
        return s[k] + (s[k1] - s[k]) * (pos - k);
    }

    @SuppressWarnings("unchecked")
    private Npy.Array tensor(Map<String, Object> descr) {
        Map<String, Object> t = (Map<String, Object>) descr.get("test_tensor");
        byte[] bytes = assertFile((String) t.get("source"), (String) t.get("sha256"));
        Npy.Array a = Npy.readFloat32(bytes, (String) t.get("source"));
        assertEquals(4, a.shape.length, "test tensor is (batch, channel, y, x)");
        return a;
    }

    private byte[] assertFile(String name, String sha256) {
        assertNotNull(name, "a file name");
        byte[] bytes = files.get(name);
        assertNotNull(bytes, name + " is in the package");
        if (sha256 != null) assertEquals(Sha256.hex(bytes), sha256, "sha256 of " + name);
        return bytes;
    }
}
