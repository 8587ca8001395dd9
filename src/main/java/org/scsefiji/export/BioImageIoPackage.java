package org.scsefiji.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.io.AtomicFiles;
import org.scsefiji.io.Sha256;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.NormalizationStatistics;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.model.SpecJson;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.LogitOffsets;
import org.scsefiji.nn.SegmentationNetwork;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A BioImage Model Zoo package (model spec {@value #FORMAT_VERSION}) of a scSE-Fiji model: a zip of
 * {@value #RDF}, the ONNX weights, the test input (raw, before preprocessing) and our own output for it
 * as .npy, a cover made from them, and the model card as documentation.
 *
 * <p>What the package says: input (batch, channel, y, x) float32, y and x of at least {@code min} and
 * in steps of the network's size multiple, where {@code min} leaves a valid centre inside the halo;
 * preprocessing that reproduces the model's normalisation with the spec's own operations (per sample,
 * per channel, over y and x); output the class probabilities (softmax inside the graph) with the halo
 * = receptive radius rounded up to the size multiple. What it cannot say: the segmenter's whole-slice
 * channel-squeeze statistics under tiling (a graph only sees its tile), and any post-processing.
 */
public final class BioImageIoPackage {
    public static final String FORMAT_VERSION = "0.5.3";
    public static final String RDF = "rdf.yaml";
    public static final String WEIGHTS = "weights.onnx";
    public static final String TEST_INPUT = "test_input.npy";
    public static final String TEST_OUTPUT = "test_output.npy";
    public static final String COVER = "cover.png";
    public static final String DOCUMENTATION = "README.md";
    /** Added to the range or standard deviation by the spec's scale_range and zero_mean_unit_variance (their default). */
    static final double SPEC_EPS = 1e-6;

    private BioImageIoPackage() {
    }

    /** What the package says about the model beyond its spec. */
    public static final class Description {
        public String name;
        public String description;
        public List<String> authors = List.of("scSE-Fiji");
        public String license = "CC-BY-4.0";
        /** Markdown model card, or null for a generated one. */
        public String modelCard;
        /** The test tensor is the test image's centre, at most this many pixels per side (but at least the minimum size). */
        public int maxTestSize = 256;
        /**
         * Export the graph in whole-slice mode ({@link OnnxExport#export(SegmentationNetwork, NDManager, boolean, boolean)}):
         * an image given whole segments exactly as scSE-Fiji's segmenter segments it; the test output is then the
         * segmenter's.
         */
        public boolean wholeSlice;
    }

    /** A raw test image: values (C, H, W) in C order, before any normalisation. */
    public static final class TestImage {
        final float[] values;
        final int channels;
        final int height;
        final int width;

        public TestImage(float[] values, int channels, int height, int width) {
            if ((long) channels * height * width != values.length) throw new IllegalArgumentException("test image size mismatch");
            this.values = values;
            this.channels = channels;
            this.height = height;
            this.width = width;
        }

        /**
         * From an image whose dimensions 0 and 1 are X and Y: 2-D for one channel, or 3-D with the channels on
         * dimension 2.
         */
        public static TestImage of(RandomAccessibleInterval<? extends RealType<?>> image, int channels, String what) {
            int n = image.numDimensions();
            long c = n == 2 ? 1 : image.dimension(2);
            if (n > 3 || c != channels) {
                throw new IllegalArgumentException(what + " must be one 2-D image with " + channels + (channels == 1 ? " channel" : " channels")
                        + " for this model; it has dimensions " + java.util.Arrays.toString(image.dimensionsAsLongArray()));
            }
            int w = (int) image.dimension(0);
            int h = (int) image.dimension(1);
            float[] v = new float[channels * h * w];
            net.imglib2.RandomAccess<? extends RealType<?>> ra = image.randomAccess();
            long[] pos = new long[n];
            for (int ch = 0; ch < channels; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        pos[0] = image.min(0) + x;
                        pos[1] = image.min(1) + y;
                        if (n == 3) pos[2] = image.min(2) + ch;
                        ra.setPosition(pos);
                        v[(ch * h + y) * w + x] = ra.get().getRealFloat();
                    }
                }
            }
            return new TestImage(v, channels, h, w);
        }

        /** Seeded smooth blobs on a dark background, for models shipped without a sample image. */
        public static TestImage synthetic(int channels, int size, long seed) {
            java.util.Random r = new java.util.Random(seed);
            float[] v = new float[channels * size * size];
            for (int b = 0; b < 12; b++) {
                double cy = r.nextDouble() * size;
                double cx = r.nextDouble() * size;
                double s = size / 16.0 * (1 + r.nextDouble());
                for (int ch = 0; ch < channels; ch++) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            v[(ch * size + y) * size + x] += (float) (200 * Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (2 * s * s)));
                        }
                    }
                }
            }
            for (int i = 0; i < v.length; i++) v[i] += 10 * r.nextFloat();
            return new TestImage(v, channels, size, size);
        }
    }

    /** What was written, for messages. */
    public static final class Summary {
        public final int height;
        public final int width;
        public final int halo;
        public final int minSize;
        public final int step;
        public final long bytes;

        Summary(int height, int width, int halo, int minSize, int step, long bytes) {
            this.height = height;
            this.width = width;
            this.halo = halo;
            this.minSize = minSize;
            this.step = step;
            this.bytes = bytes;
        }
    }

    /** Halo of the output: the receptive radius rounded up to the size multiple (what tiled inference overlaps). */
    public static int halo(SegmentationNetwork net) {
        int m = net.sizeMultiple();
        return (net.receptiveRadius() + m - 1) / m * m;
    }

    /** Smallest valid input side: a multiple of the size multiple that leaves at least one step of centre inside both halos. */
    public static int minSize(SegmentationNetwork net) {
        return 2 * halo(net) + net.sizeMultiple();
    }

    /** Writes the package to {@code zip} atomically. */
    public static Summary write(ScseModel model, TestImage image, Description d, Path zip) throws IOException {
        SegmentationNetwork net = model.network();
        NetworkSpec spec = model.spec();
        if (image.channels != spec.inputChannels()) {
            throw new IllegalArgumentException("The test image has " + image.channels + " channels, the model expects " + spec.inputChannels());
        }
        int m = net.sizeMultiple();
        int min = minSize(net);
        int cap = Math.max(min, d.maxTestSize / m * m);
        int h = Math.min(cap, validSize(image.height, m, min));
        int w = Math.min(cap, validSize(image.width, m, min));
        float[] raw = centreOrMirror(image, h, w);
        float[] input = normalized(spec.normalization(), raw, image.channels, h, w);
        int k = spec.classCount();
        byte[][] onnxAndOutput = TorchEngine.withPluginClassLoader(() -> {
            TorchEngine.disableGradOnThisThread();
            try (NDManager mgr = model.djlModel().getNDManager().newSubManager()) {
                byte[] onnx = OnnxExport.export(net, mgr, false, d.wholeSlice).toByteArray();
                float[] p;
                if (d.wholeSlice) {
                    p = segmenterProbabilities(model, raw, image.channels, h, w);
                } else {
                    NDArray x = mgr.create(input, new Shape(1, image.channels, h, w));
                    NDArray logits = net.forward(new ParameterStore(mgr, false), new NDList(x), false).singletonOrThrow();
                    float[] offsets = spec.logitOffsetFloats(); // the graph adds them before its softmax: so does the test output
                    logits = LogitOffsets.add(logits, offsets);
                    p = logits.softmax(1).toFloatArray();
                }
                return new byte[][] {onnx, Npy.float32(p, 1, k, h, w)};
            }
        });
        byte[] onnx = onnxAndOutput[0];
        byte[] testOutput = onnxAndOutput[1];
        byte[] testInput = Npy.float32(raw, 1, image.channels, h, w);
        byte[] cover = cover(input, Npy.readFloat32(testOutput, TEST_OUTPUT).values, spec, h, w);
        byte[] doc = documentation(model, d).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> rdf = rdf(model, d, min, m, halo(net), Sha256.hex(onnx), Sha256.hex(testInput), Sha256.hex(testOutput));
        byte[] yaml = yaml().dump(rdf).getBytes(StandardCharsets.UTF_8);

        Path target = zip.toAbsolutePath();
        if (target.getParent() != null) Files.createDirectories(target.getParent());
        Path tmp = AtomicFiles.temporarySibling(target);
        try {
            try (OutputStream raw2 = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(raw2)) {
                entry(out, RDF, yaml);
                entry(out, WEIGHTS, onnx);
                entry(out, TEST_INPUT, testInput);
                entry(out, TEST_OUTPUT, testOutput);
                entry(out, COVER, cover);
                entry(out, DOCUMENTATION, doc);
            }
            AtomicFiles.moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Summary(h, w, halo(net), min, m, Files.size(target));
    }

    /** The segmenter's probabilities (K, H, W) for the raw image (C, H, W), segmented as one slice in one tile. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static float[] segmenterProbabilities(ScseModel model, float[] raw, int channels, int h, int w) {
        net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.real.FloatType, ?> img = channels == 1 ? ArrayImgs.floats(raw, w, h)
                : ArrayImgs.floats(raw, w, h, channels);
        org.scsefiji.model.ImageAxes axes = channels == 1 ? org.scsefiji.model.ImageAxes.singleChannel(2) : new org.scsefiji.model.ImageAxes(3, 2);
        // one tile, as the graph sees the image: a budget for the whole slice with its halos
        long side = (long) Math.max(h, w) + 2L * halo(model.network()) + model.network().sizeMultiple();
        org.scsefiji.infer.SegmentationOutputs out = new org.scsefiji.infer.Segmenter(model).pixelBudget(side * side)
                .segment((RandomAccessibleInterval) img, axes, true, false, null, null);
        int k = model.spec().classCount();
        float[] p = new float[k * h * w];
        net.imglib2.Cursor<net.imglib2.type.numeric.real.FloatType> c = net.imglib2.view.Views.flatIterable(out.probabilities()).cursor();
        // flat order of (X, Y, K) is x fastest, then y, then k: exactly (K, H, W) in C order
        for (int i = 0; i < p.length; i++) p[i] = c.next().get();
        return p;
    }

    /** At least min, a multiple of the step, and at least the image size. */
    private static int validSize(int size, int step, int min) {
        return Math.max(min, (size + step - 1) / step * step);
    }

    /**
     * h x w pixels of the image: its centre where it is larger, else the whole image mirrored (edge pixel
     * repeated) beyond its bottom and right edges.
     */
    private static float[] centreOrMirror(TestImage im, int h, int w) {
        float[] out = new float[im.channels * h * w];
        int y0 = Math.max(0, (im.height - h) / 2);
        int x0 = Math.max(0, (im.width - w) / 2);
        for (int c = 0; c < im.channels; c++) {
            for (int y = 0; y < h; y++) {
                int sy = mirror(y0 + y, im.height);
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = im.values[(c * im.height + sy) * im.width + mirror(x0 + x, im.width)];
                }
            }
        }
        return out;
    }

    private static int mirror(int i, int n) {
        int j = i % (2 * n);
        return j < n ? j : 2 * n - 1 - j;
    }

    /** The model's own normalisation, per channel over the whole test image (what the segmenter does per slice). */
    private static float[] normalized(Normalization n, float[] raw, int channels, int h, int w) {
        float[] out = new float[raw.length];
        int plane = h * w;
        for (int c = 0; c < channels; c++) {
            float[] slice = java.util.Arrays.copyOfRange(raw, c * plane, (c + 1) * plane);
            NormalizationStatistics s = NormalizationStatistics.compute(n, ArrayImgs.floats(slice, w, h));
            for (int i = 0; i < plane; i++) out[c * plane + i] = s.apply(slice[i]);
        }
        return out;
    }

    private static Map<String, Object> rdf(ScseModel model, Description d, int min, int step, int halo, String onnxSha,
            String inSha, String outSha) {
        NetworkSpec spec = model.spec();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("format_version", FORMAT_VERSION);
        r.put("type", "model");
        r.put("name", d.name);
        r.put("description", d.description != null ? d.description : defaultDescription(spec));
        List<Object> authors = new ArrayList<>();
        for (String a : d.authors) authors.add(map("name", a));
        r.put("authors", authors);
        r.put("cite", citations(spec, model.provenance()));
        r.put("license", d.license);
        r.put("tags", tags(spec, model.provenance()));
        r.put("documentation", DOCUMENTATION);
        r.put("covers", List.of(COVER));
        String created = model.provenance().get(Provenance.CREATED);
        r.put("timestamp", created != null ? created : Instant.now().toString());

        List<Object> inAxes = new ArrayList<>();
        inAxes.add(map("type", "batch"));
        List<String> inChannels = new ArrayList<>();
        for (int c = 0; c < spec.inputChannels(); c++) inChannels.add("channel" + c);
        inAxes.add(map("type", "channel", "channel_names", inChannels));
        inAxes.add(map("type", "space", "id", "y", "size", map("min", min, "step", step)));
        inAxes.add(map("type", "space", "id", "x", "size", map("min", min, "step", step)));
        Map<String, Object> input = map("id", OnnxExport.INPUT, "description",
                "image, one 2-D slice; normalised by the preprocessing (" + spec.normalization() + ")", "axes", inAxes,
                "test_tensor", map("source", TEST_INPUT, "sha256", inSha), "data", map("type", "float32"));
        input.put("preprocessing", preprocessing(spec.normalization()));
        r.put("inputs", List.of(input));

        List<Object> outAxes = new ArrayList<>();
        outAxes.add(map("type", "batch"));
        List<String> names = new ArrayList<>();
        for (ClassInfo c : spec.classes()) names.add(identifier(c.name(), c.index()));
        outAxes.add(map("type", "channel", "channel_names", names));
        for (String axis : List.of("y", "x")) {
            outAxes.add(map("type", "space", "id", axis, "size", map("tensor_id", OnnxExport.INPUT, "axis_id", axis), "halo", halo));
        }
        r.put("outputs", List.of(map("id", OnnxExport.PROBABILITIES, "description",
                "class probabilities (softmax over the channel axis); the label image is their arg-max", "axes", outAxes,
                "test_tensor", map("source", TEST_OUTPUT, "sha256", outSha), "data", map("type", "float32", "range", List.of(0.0, 1.0)))));
        r.put("weights", map("onnx", map("source", WEIGHTS, "sha256", onnxSha, "opset_version", OnnxExport.OPSET)));
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("software_version", model.provenance().get(Provenance.SOFTWARE_VERSION));
        own.put("spec", new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create()
                .fromJson(SpecJson.toJson(spec), Map.class));
        own.put("class_names", spec.classes().stream().map(ClassInfo::name).collect(java.util.stream.Collectors.toList()));
        own.put("channel_squeeze", "per input tile (the graph's own mean); scSE-Fiji's segmenter uses whole-slice means when it tiles");
        own.put("whole_slice_mode", d.wholeSlice);
        r.put("config", map("scse_fiji", own));
        return r;
    }

    /** The model's normalisation as the spec's operations, per sample and channel over y and x. */
    static List<Object> preprocessing(Normalization n) {
        List<Object> ops = new ArrayList<>();
        ops.add(map("id", "ensure_dtype", "kwargs", map("dtype", "float32")));
        switch (n.mode()) {
            case MIN_MAX:
                ops.add(map("id", "scale_range", "kwargs", map("axes", List.of("y", "x"), "min_percentile", 0.0, "max_percentile", 100.0)));
                break;
            case PERCENTILE:
                ops.add(map("id", "scale_range", "kwargs", map("axes", List.of("y", "x"), "min_percentile", n.low(), "max_percentile", n.high())));
                break;
            case MEAN_STD:
                ops.add(map("id", "zero_mean_unit_variance", "kwargs", map("axes", List.of("y", "x"))));
                break;
            case FIXED:
                double range = n.high() - n.low();
                ops.add(map("id", "scale_linear", "kwargs", map("gain", 1 / range, "offset", -n.low() / range)));
                break;
            case NONE:
                break;
            default:
                throw new IllegalArgumentException("No bioimage.io preprocessing for normalization " + n);
        }
        return ops;
    }

    private static String defaultDescription(NetworkSpec spec) {
        return spec.architecture().key() + " with " + spec.seBlock().key() + " blocks (" + spec.aggregation().key() + ", "
                + spec.positions() + ", r = " + spec.reduction() + ") trained in scSE-Fiji; " + spec.classCount() + " classes";
    }

    private static List<Object> citations(NetworkSpec spec, Provenance p) {
        List<Object> cite = new ArrayList<>();
        cite.add(map("text", "Roy, Navab, Wachinger. Recalibrating Fully Convolutional Networks with Spatial and Channel "
                + "'Squeeze & Excitation' Blocks. IEEE Transactions on Medical Imaging 38(2), 2019.", "doi", "10.1109/TMI.2018.2867261"));
        if (spec.architecture() == Architecture.UNET) {
            cite.add(map("text", "Ronneberger, Fischer, Brox. U-Net: Convolutional Networks for Biomedical Image Segmentation. MICCAI 2015.",
                    "doi", "10.1007/978-3-319-24574-4_28"));
        }
        if (spec.architecture() == Architecture.RELAYNET) {
            cite.add(map("text", "Roy et al. ReLayNet: retinal layer and fluid segmentation of macular optical coherence tomography "
                    + "using fully convolutional networks. Biomedical Optics Express 8(8), 2017.", "doi", "10.1364/BOE.8.003627"));
        }
        String data = trainingDataPath(p);
        if (data.contains("nuclei") || data.contains("dsb")) {
            cite.add(map("text", "Caicedo et al. Nucleus segmentation across imaging experiments: the 2018 Data Science Bowl. "
                    + "Nature Methods 16, 2019 (training data).", "doi", "10.1038/s41592-019-0612-7"));
        }
        if (data.contains("oct-duke") || data.contains("duke")) {
            cite.add(map("text", "Chiu et al. Kernel regression based segmentation of optical coherence tomography images with "
                    + "diabetic macular edema. Biomedical Optics Express 6(4), 2015 (training data).", "doi", "10.1364/BOE.6.001172"));
        }
        return cite;
    }

    private static List<String> tags(NetworkSpec spec, Provenance p) {
        List<String> tags = new ArrayList<>(List.of("scse-fiji", "segmentation", "semantic-segmentation", "2d", "onnx",
                "squeeze-and-excitation", spec.architecture().key(), spec.seBlock().key()));
        String data = trainingDataPath(p);
        if (data.contains("nuclei") || data.contains("dsb")) tags.addAll(List.of("nuclei", "fluorescence-light-microscopy", "dsb2018"));
        if (data.contains("oct")) tags.addAll(List.of("oct", "retina", "optical-coherence-tomography"));
        return tags;
    }

    private static String trainingDataPath(Provenance p) {
        com.google.gson.JsonElement images = p.trainingData("images");
        return images == null || !images.isJsonPrimitive() ? "" : images.getAsString().toLowerCase(Locale.ROOT);
    }

    /** A channel name the spec accepts as identifier: lower-case letters, digits and underscores, starting with a letter. */
    static String identifier(String name, int index) {
        String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (id.isEmpty() || !Character.isLetter(id.charAt(0))) id = "class" + index + (id.isEmpty() ? "" : "_" + id);
        return id;
    }

    private static String documentation(ScseModel model, Description d) {
        StringBuilder sb = new StringBuilder();
        if (d.modelCard != null) sb.append(d.modelCard.strip()).append("\n\n");
        else sb.append("# ").append(d.name).append("\n\n").append(defaultDescription(model.spec())).append(".\n\n");
        sb.append("## This package (exported by scSE-Fiji ").append(org.scsefiji.ScseVersion.get()).append(")\n\n")
                .append("- `").append(WEIGHTS).append("`: the network as an ONNX graph (opset ").append(OnnxExport.OPSET)
                .append("), input (batch, channel, y, x) float32 after the preprocessing in `rdf.yaml`, output the class ")
                .append("probabilities (softmax inside the graph); the label image is their arg-max over the channel axis.\n")
                .append("- Classes: ");
        for (ClassInfo c : model.spec().classes()) sb.append(c.index()).append(" = ").append(c.name()).append(c.index() + 1 < model.spec().classCount() ? ", " : ".\n");
        sb.append("- Not carried: scSE-Fiji's segmenter computes the channel-squeeze (cSE) means over the whole slice when it ")
                .append("tiles a large image; this graph averages over the tile it is given, so tiled results can differ slightly ")
                .append("from scSE-Fiji's. Post-processing (e.g. instance splitting, anatomical repair of layer labels) is not part ")
                .append("of the graph.\n")
                .append("- Preprocessing: the spec's operations add 1e-6 to the range (or standard deviation); scSE-Fiji does not, ")
                .append("and leaves NaN pixels out of its statistics.\n");
        return sb.toString();
    }

    /** Input (grey) beside the arg-max labels in the classes' colours, each panel at most 256 pixels on its longer side. */
    private static byte[] cover(float[] input, float[] probabilities, NetworkSpec spec, int h, int w) throws IOException {
        double scale = Math.min(1.0, 256.0 / Math.max(h, w));
        int ph = Math.max(1, (int) Math.round(h * scale));
        int pw = Math.max(1, (int) Math.round(w * scale));
        BufferedImage img = new BufferedImage(2 * pw, ph, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < plane; i++) {
            lo = Math.min(lo, input[i]);
            hi = Math.max(hi, input[i]);
        }
        int k = spec.classCount();
        for (int y = 0; y < ph; y++) {
            int sy = Math.min(h - 1, (int) (y / scale));
            for (int x = 0; x < pw; x++) {
                int i = sy * w + Math.min(w - 1, (int) (x / scale));
                int g = hi > lo ? Math.round(255 * (input[i] - lo) / (hi - lo)) : 0;
                img.setRGB(x, y, g << 16 | g << 8 | g);
                int best = 0;
                for (int c = 1; c < k; c++) if (probabilities[c * plane + i] > probabilities[best * plane + i]) best = c;
                img.setRGB(pw + x, y, spec.classes().get(best).awtColor().getRGB() & 0xffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(0);
        o.setWidth(120);
        return new Yaml(o);
    }

    private static void entry(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
