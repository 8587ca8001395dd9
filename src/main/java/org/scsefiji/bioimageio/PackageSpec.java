package org.scsefiji.bioimageio;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.scsefiji.model.ModelFileException;
import org.scsefiji.model.Normalization;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What scSE-Fiji needs from a bioimage.io model package ({@value #RDF} in a .zip or a folder, model spec
 * 0.5, and 0.4's axes strings): one 2-D input with its axis order, channels, sizes and preprocessing;
 * one output with its channels and halo; the ONNX or TorchScript weights. Everything else the spec allows
 * (3-D, several inputs or outputs, preprocessing other than one normalisation, weights elsewhere) is
 * refused with a message naming the field and the file.
 */
final class PackageSpec {
    static final String RDF = "rdf.yaml";
    /** Older packages name it so. */
    static final String RDF_OLD = "model.yaml";

    enum WeightsFormat {
        ONNX("onnx"), TORCHSCRIPT("torchscript");

        final String key;

        WeightsFormat(String key) {
            this.key = key;
        }
    }

    final Path file;
    final String name;
    /** Input axes in tensor order, each one of b, c, y, x. */
    final List<Character> inputAxes = new ArrayList<>();
    final int inputChannels;
    /** y and x: the smallest size, and the step (0 = the size is fixed at {@link #minSize}). */
    final int minSize;
    final int step;
    /** True when the batch axis takes more than one item. */
    final boolean batched;
    final Normalization normalization;
    /** Output axes in tensor order, each one of b, c, y, x. */
    final List<Character> outputAxes = new ArrayList<>();
    final int outputChannels;
    /** The output's id (0.4: name), which ONNX graphs usually give their output too. */
    final String outputId;
    final List<String> channelNames;
    /** The halo the output declares on y and x (the larger), pixels the network needs around each output pixel. */
    final int halo;
    /** Declared output value range [lo, hi], or null. */
    final double[] outputRange;
    final WeightsFormat weightsFormat;
    final String weightsSource;
    /** The weights file's SHA-256 the rdf declares (lower case hex), or null. */
    final String weightsSha256;
    /** scSE-Fiji's own export: the spec it was made from (classes, post-processing, pixel size), or null. */
    final JsonObject scseSpec;
    /** scSE-Fiji's own export in whole-slice mode: the graph mirrors its border itself; feed it whole slices. */
    final boolean wholeSlice;

    private final Map<String, Object> rdf;

    /** True for a .zip holding {@value #RDF} or a folder holding it. */
    static boolean isPackage(Path p) {
        if (Files.isDirectory(p)) return Files.isRegularFile(p.resolve(RDF)) || Files.isRegularFile(p.resolve(RDF_OLD));
        if (!Files.isRegularFile(p) || !p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) return false;
        try (ZipFile z = new ZipFile(p.toFile())) {
            return rdfEntry(z) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static ZipEntry rdfEntry(ZipFile z) {
        ZipEntry e = z.getEntry(RDF);
        return e != null ? e : z.getEntry(RDF_OLD);
    }

    /** Reads a file of the package (a .zip entry or a file in the folder), by the name the rdf gives. */
    byte[] read(String source, String field) throws ModelFileException {
        if (source.contains("://")) {
            throw error(field, "names '" + source + "', a download; scSE-Fiji reads only files inside the package");
        }
        try {
            if (Files.isDirectory(file)) {
                Path f = file.resolve(source).normalize();
                if (!f.startsWith(file.normalize()) || !Files.isRegularFile(f)) throw error(field, "names '" + source + "', which is not in the package");
                return Files.readAllBytes(f);
            }
            try (ZipFile z = new ZipFile(file.toFile())) {
                ZipEntry e = z.getEntry(source);
                if (e == null) throw error(field, "names '" + source + "', which is not in the package");
                try (InputStream in = z.getInputStream(e)) {
                    return in.readAllBytes();
                }
            }
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read " + source + " (" + e.getMessage() + ")", e);
        }
    }

    @SuppressWarnings("unchecked")
    PackageSpec(Path file) throws ModelFileException {
        this.file = file;
        this.rdf = readRdf(file);
        if (!"model".equals(rdf.get("type"))) throw error("type", "is '" + rdf.get("type") + "'; only 'model' packages can segment");
        String version = String.valueOf(rdf.get("format_version"));
        boolean v04 = version.startsWith("0.4") || version.startsWith("0.3");
        if (!v04 && !version.startsWith("0.5")) throw error("format_version", "is " + version + "; scSE-Fiji reads model spec 0.4 and 0.5");
        this.name = rdf.get("name") == null ? file.getFileName().toString() : String.valueOf(rdf.get("name"));

        List<Object> inputs = list(rdf.get("inputs"), "inputs");
        if (inputs.size() != 1) throw error("inputs", "has " + inputs.size() + " inputs; only single-input models can be imported");
        Map<String, Object> input = map(inputs.get(0), "inputs[0]");
        Axes in = axes(input, "inputs[0]", v04, true);
        inputAxes.addAll(in.order);
        this.inputChannels = in.channels;
        this.batched = in.batched;
        if (in.fixedY != in.fixedX || in.minY != in.minX || in.stepY != in.stepX) {
            throw error("inputs[0].axes", "gives y and x different sizes (" + in.minY + "+k*" + in.stepY + " and " + in.minX + "+k*" + in.stepX
                    + "); scSE-Fiji tiles with square tiles");
        }
        this.minSize = in.minY;
        this.step = in.fixedY ? 0 : in.stepY;
        this.normalization = normalization(input.get("preprocessing"), v04);

        List<Object> outputs = list(rdf.get("outputs"), "outputs");
        if (outputs.size() != 1) throw error("outputs", "has " + outputs.size() + " outputs; only models with one output (class maps) can be imported");
        Map<String, Object> output = map(outputs.get(0), "outputs[0]");
        Axes out = axes(output, "outputs[0]", v04, false);
        this.outputId = String.valueOf(output.get(v04 ? "name" : "id"));
        outputAxes.addAll(out.order);
        this.outputChannels = out.channels;
        this.channelNames = out.channelNames;
        this.halo = out.halo;
        Object post = output.get("postprocessing");
        if (post != null) {
            for (Object op : list(post, "outputs[0].postprocessing")) {
                String id = operationId(map(op, "outputs[0].postprocessing"), v04);
                if (!id.equals("ensure_dtype")) {
                    throw error("outputs[0].postprocessing", "asks for '" + id + "'; scSE-Fiji takes the output as the network gives it,"
                            + " so only ensure_dtype is supported there");
                }
            }
        }
        this.outputRange = range(output, v04);

        Map<String, Object> weights = map(rdf.get("weights"), "weights");
        WeightsFormat format = null;
        String source = null;
        Object sha = null;
        for (WeightsFormat f : WeightsFormat.values()) {
            Object w = weights.get(f.key);
            if (w == null && f == WeightsFormat.TORCHSCRIPT) w = weights.get("pytorch_script");
            if (w != null) {
                format = f;
                Map<String, Object> entry = map(w, "weights." + f.key);
                source = String.valueOf(entry.get("source"));
                sha = entry.get("sha256");
                break;
            }
        }
        if (format == null) {
            throw error("weights", "has " + weights.keySet() + "; scSE-Fiji runs onnx or torchscript weights (export the model to one"
                    + " of them, e.g. with the bioimage.io core tools)");
        }
        if (source == null || source.equals("null")) throw error("weights." + format.key + ".source", "is missing");
        this.weightsFormat = format;
        this.weightsSource = source;
        this.weightsSha256 = sha == null ? null : String.valueOf(sha).toLowerCase(Locale.ROOT);

        Map<String, Object> config = rdf.get("config") instanceof Map ? (Map<String, Object>) rdf.get("config") : Map.of();
        Map<String, Object> own = config.get("scse_fiji") instanceof Map ? (Map<String, Object>) config.get("scse_fiji") : Map.of();
        this.scseSpec = own.get("spec") instanceof Map ? new Gson().toJsonTree(own.get("spec")).getAsJsonObject() : null;
        this.wholeSlice = Boolean.TRUE.equals(own.get("whole_slice_mode"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readRdf(Path file) throws ModelFileException {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                Path rdf = Files.isRegularFile(file.resolve(RDF)) ? file.resolve(RDF) : file.resolve(RDF_OLD);
                if (!Files.isRegularFile(rdf)) throw new ModelFileException(file, "is a folder without " + RDF, null);
                bytes = Files.readAllBytes(rdf);
            } else {
                try (ZipFile z = new ZipFile(file.toFile())) {
                    ZipEntry e = rdfEntry(z);
                    if (e == null) throw new ModelFileException(file, "is not a bioimage.io package (" + RDF + " is missing)", null);
                    try (InputStream in = z.getInputStream(e)) {
                        bytes = in.readAllBytes();
                    }
                }
            }
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read as a bioimage.io package (" + e.getMessage() + ")", e);
        }
        try {
            Object o = new Yaml().load(new String(bytes, StandardCharsets.UTF_8));
            if (!(o instanceof Map)) throw new ModelFileException(file, RDF + " is not a YAML mapping", null);
            return (Map<String, Object>) o;
        } catch (YAMLException e) {
            throw new ModelFileException(file, RDF + " is not valid YAML (" + e.getMessage() + ")", e);
        }
    }

    ModelFileException error(String field, String problem) {
        return new ModelFileException(file, RDF + ": " + field + " " + problem, null);
    }

    /** One tensor's axes, in order, reduced to b, c, y, x. */
    private static final class Axes {
        final List<Character> order = new ArrayList<>();
        int channels = 1;
        List<String> channelNames;
        boolean batched = true;
        int minY = 1, minX = 1, stepY = 1, stepX = 1;
        boolean fixedY, fixedX;
        int halo;
    }

    @SuppressWarnings("unchecked")
    private Axes axes(Map<String, Object> tensor, String where, boolean v04, boolean isInput) throws ModelFileException {
        Axes a = new Axes();
        a.batched = false;
        if (v04) {
            String spec = String.valueOf(tensor.get("axes"));
            Object shape = tensor.get("shape");
            List<Object> halo = tensor.get("halo") instanceof List ? (List<Object>) tensor.get("halo") : null;
            for (int i = 0; i < spec.length(); i++) {
                char c = spec.charAt(i);
                if (c == 'z' || c == 't' || c == 'i') {
                    throw error(where + ".axes", "is '" + spec + "'; only 2-D images (axes b, c, y, x) can be imported, not '" + c + "'");
                }
                if ("bcyx".indexOf(c) < 0) throw error(where + ".axes", "has an unknown axis '" + c + "' in '" + spec + "'");
                a.order.add(c);
                int min = 1, stp = 0;
                if (shape instanceof List) {
                    min = number(((List<Object>) shape).get(i), where + ".shape").intValue();
                } else if (shape instanceof Map && ((Map<String, Object>) shape).get("min") != null) {
                    min = number(((List<Object>) ((Map<String, Object>) shape).get("min")).get(i), where + ".shape.min").intValue();
                    stp = number(((List<Object>) ((Map<String, Object>) shape).get("step")).get(i), where + ".shape.step").intValue();
                } else if (shape instanceof Map) {
                    // relative to the input: size = input size * scale + 2 * offset; y and x are checked on the first forward
                    Map<String, Object> rel = (Map<String, Object>) shape;
                    min = -1;
                    if (c == 'c' && rel.get("scale") instanceof List && rel.get("offset") instanceof List) {
                        double scale = number(((List<Object>) rel.get("scale")).get(i), where + ".shape.scale").doubleValue();
                        double offset = number(((List<Object>) rel.get("offset")).get(i), where + ".shape.offset").doubleValue();
                        min = (int) Math.round(inputChannels * scale + 2 * offset);
                    }
                }
                axis(a, c, min, stp, where);
                if (halo != null && (c == 'y' || c == 'x')) a.halo = Math.max(a.halo, number(halo.get(i), where + ".halo").intValue());
            }
        } else {
            for (Object o : list(tensor.get("axes"), where + ".axes")) {
                Map<String, Object> axis = map(o, where + ".axes");
                String type = String.valueOf(axis.get("type"));
                String id = axis.get("id") == null ? type : String.valueOf(axis.get("id"));
                char c;
                switch (type) {
                    case "batch":
                        c = 'b';
                        break;
                    case "channel":
                        c = 'c';
                        break;
                    case "space":
                        if (!id.equals("y") && !id.equals("x")) {
                            throw error(where + ".axes", "has the space axis '" + id + "'; only 2-D images (y and x) can be imported");
                        }
                        c = id.charAt(0);
                        break;
                    default:
                        throw error(where + ".axes", "has an axis of type '" + type + "'; only batch, channel and the space axes y and x are supported");
                }
                a.order.add(c);
                Object size = axis.get("size");
                int min = 1, stp = 0;
                if (c == 'c') {
                    List<Object> names = axis.get("channel_names") instanceof List ? (List<Object>) axis.get("channel_names") : null;
                    if (names != null) {
                        min = names.size();
                        a.channelNames = new ArrayList<>();
                        for (Object n : names) a.channelNames.add(String.valueOf(n));
                    } else if (size instanceof Number) {
                        min = ((Number) size).intValue();
                    } else {
                        throw error(where + ".axes", "has a channel axis without channel_names or a fixed size");
                    }
                } else if (c == 'b') {
                    min = size instanceof Number ? ((Number) size).intValue() : 0;
                } else if (size instanceof Number) {
                    min = ((Number) size).intValue();
                } else if (size instanceof Map && ((Map<String, Object>) size).containsKey("min")) {
                    min = number(((Map<String, Object>) size).get("min"), where + ".axes." + id + ".size.min").intValue();
                    Object s = ((Map<String, Object>) size).get("step");
                    stp = s == null ? 0 : number(s, where + ".axes." + id + ".size.step").intValue();
                } else if (size instanceof Map && ((Map<String, Object>) size).containsKey("axis_id")) {
                    min = -1; // the size of another tensor's axis: the output has the input's size, checked on forward
                } else if (isInput) {
                    throw error(where + ".axes." + id + ".size", "is " + size + "; give a number or {min, step}");
                }
                if (c == 'y' || c == 'x') {
                    if (axis.get("halo") != null) a.halo = Math.max(a.halo, number(axis.get("halo"), where + ".axes." + id + ".halo").intValue());
                    if (axis.get("scale") != null && number(axis.get("scale"), where + ".axes." + id + ".scale").doubleValue() != 1) {
                        throw error(where + ".axes." + id + ".scale", "is " + axis.get("scale") + "; only outputs at the input's resolution are supported");
                    }
                }
                axis(a, c, min, stp, where);
            }
        }
        if (!a.order.contains('y') || !a.order.contains('x')) throw error(where + ".axes", "lacks y or x; only 2-D images can be imported");
        return a;
    }

    private void axis(Axes a, char c, int min, int step, String where) throws ModelFileException {
        if (a.order.indexOf(c) != a.order.size() - 1) throw error(where + ".axes", "names the axis '" + c + "' twice");
        switch (c) {
            case 'b':
                a.batched = min != 1;
                break;
            case 'c':
                if (min < 1) throw error(where + ".axes", "has a channel axis of size " + min);
                a.channels = min;
                break;
            case 'y':
                a.minY = Math.max(1, min);
                a.stepY = step;
                a.fixedY = step == 0 && min > 0;
                break;
            default:
                a.minX = Math.max(1, min);
                a.stepX = step;
                a.fixedX = step == 0 && min > 0;
        }
    }

    /** The input's preprocessing as scSE-Fiji's one normalisation (per slice and channel over y and x). */
    @SuppressWarnings("unchecked")
    private Normalization normalization(Object preprocessing, boolean v04) throws ModelFileException {
        Normalization result = new Normalization(Normalization.Mode.NONE, 0, 1);
        if (preprocessing == null) return result;
        boolean found = false;
        List<Object> ops = list(preprocessing, "inputs[0].preprocessing");
        for (int i = 0; i < ops.size(); i++) {
            String field = "inputs[0].preprocessing[" + i + "]";
            Map<String, Object> op = map(ops.get(i), field);
            String id = operationId(op, v04);
            Map<String, Object> kw = op.get("kwargs") instanceof Map ? (Map<String, Object>) op.get("kwargs") : Map.of();
            if (id.equals("ensure_dtype")) continue;
            if (found) {
                throw error(field, "is a second normalisation ('" + id + "'); scSE-Fiji applies exactly one (zero_mean_unit_variance,"
                        + " scale_range or scale_linear)");
            }
            found = true;
            switch (id) {
                case "zero_mean_unit_variance":
                    checkPerSampleOverYx(kw, field, v04);
                    if (v04 && "fixed".equals(kw.get("mode"))) {
                        double mean = scalar(kw.get("mean"), field + ".kwargs.mean");
                        double std = scalar(kw.get("std"), field + ".kwargs.std");
                        result = new Normalization(Normalization.Mode.FIXED, mean, mean + std);
                    } else {
                        result = new Normalization(Normalization.Mode.MEAN_STD, 0, 1);
                    }
                    break;
                case "fixed_zero_mean_unit_variance": {
                    double mean = scalar(kw.get("mean"), field + ".kwargs.mean");
                    double std = scalar(kw.get("std"), field + ".kwargs.std");
                    result = new Normalization(Normalization.Mode.FIXED, mean, mean + std);
                    break;
                }
                case "scale_range": {
                    checkPerSampleOverYx(kw, field, v04);
                    if (kw.get("reference_tensor") != null) throw error(field + ".kwargs.reference_tensor", "is not supported");
                    double lo = kw.get("min_percentile") == null ? 0 : scalar(kw.get("min_percentile"), field + ".kwargs.min_percentile");
                    double hi = kw.get("max_percentile") == null ? 100 : scalar(kw.get("max_percentile"), field + ".kwargs.max_percentile");
                    result = lo == 0 && hi == 100 ? Normalization.minMax() : Normalization.percentile(lo, hi);
                    break;
                }
                case "scale_linear": {
                    double gain = kw.get("gain") == null ? 1 : scalar(kw.get("gain"), field + ".kwargs.gain");
                    double offset = kw.get("offset") == null ? 0 : scalar(kw.get("offset"), field + ".kwargs.offset");
                    if (!(gain > 0)) throw error(field + ".kwargs.gain", "is " + gain + "; only a positive gain is supported");
                    // x * gain + offset = (x - low) / (high - low)
                    result = new Normalization(Normalization.Mode.FIXED, -offset / gain, (1 - offset) / gain);
                    break;
                }
                default:
                    throw error(field, "asks for '" + id + "'; scSE-Fiji supports zero_mean_unit_variance, scale_range, scale_linear"
                            + " and ensure_dtype");
            }
        }
        return result;
    }

    /** scSE-Fiji normalises each channel of each slice over y and x: the only axes it can reproduce. */
    private void checkPerSampleOverYx(Map<String, Object> kw, String field, boolean v04) throws ModelFileException {
        Object mode = kw.get("mode");
        if (v04 && mode != null && !"per_sample".equals(mode) && !"fixed".equals(mode)) {
            throw error(field + ".kwargs.mode", "is '" + mode + "'; only per_sample (and fixed for zero_mean_unit_variance) are supported");
        }
        Object axes = kw.get("axes");
        if (axes == null) return;
        List<String> names = new ArrayList<>();
        if (axes instanceof String) for (char c : ((String) axes).toCharArray()) names.add(String.valueOf(c));
        else if (axes instanceof List) for (Object o : (List<?>) axes) names.add(String.valueOf(o));
        names.remove("b");
        names.remove("batch");
        if (names.size() != 2 || !names.contains("x") || !names.contains("y")) {
            throw error(field + ".kwargs.axes", "is " + axes + "; scSE-Fiji normalises over y and x per channel, so only those axes"
                    + " (and the batch axis) are supported");
        }
    }

    private static String operationId(Map<String, Object> op, boolean v04) {
        Object id = op.get("id");
        if (id == null) id = op.get("name");
        return String.valueOf(id);
    }

    private double[] range(Map<String, Object> output, boolean v04) {
        Object r = null;
        if (output.get("data") instanceof Map) r = ((Map<?, ?>) output.get("data")).get("range");
        if (v04) r = output.get("data_range");
        if (!(r instanceof List) || ((List<?>) r).size() != 2) return null;
        Object lo = ((List<?>) r).get(0);
        Object hi = ((List<?>) r).get(1);
        if (!(lo instanceof Number) || !(hi instanceof Number)) return null;
        return new double[] {((Number) lo).doubleValue(), ((Number) hi).doubleValue()};
    }

    private double scalar(Object o, String field) throws ModelFileException {
        if (o instanceof List) {
            List<?> l = (List<?>) o;
            if (l.isEmpty()) throw error(field, "is empty");
            double first = number(l.get(0), field).doubleValue();
            for (Object v : l) {
                if (number(v, field).doubleValue() != first) throw error(field, "differs per channel (" + o + "); only one value for all is supported");
            }
            return first;
        }
        return number(o, field).doubleValue();
    }

    private Number number(Object o, String field) throws ModelFileException {
        if (o instanceof Number) return (Number) o;
        throw error(field, "is " + o + ", not a number");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String field) throws ModelFileException {
        if (o instanceof List) return (List<Object>) o;
        throw error(field, o == null ? "is missing" : "is not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object o, String field) throws ModelFileException {
        if (o instanceof Map) return (Map<String, Object>) o;
        throw error(field, o == null ? "is missing" : "is not a mapping");
    }
}
