package org.scsefiji.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.io.AtomicFiles;

/**
 * The single model file: a zip holding {@value #HEADER} (format, spec and provenance as readable JSON)
 * and {@value #WEIGHTS} (DJL parameter stream). Loading never needs a Java class name: the spec alone
 * rebuilds the network. Saving is atomic: a temporary file in the same folder, then a rename.
 */
public final class ModelFile {
    public static final String FORMAT = "scse-fiji-model";
    public static final int FORMAT_VERSION = 1;
    public static final String HEADER = "scse-model.json";
    public static final String WEIGHTS = "weights.params";
    /** File name extension of model files. */
    public static final String EXTENSION = ".scse";

    private ModelFile() {
    }

    /** Spec and provenance without the weights: cheap, needs no engine. */
    public static final class Info {
        private final NetworkSpec spec;
        private final Provenance provenance;

        Info(NetworkSpec spec, Provenance provenance) {
            this.spec = spec;
            this.provenance = provenance;
        }

        public NetworkSpec spec() {
            return spec;
        }

        public Provenance provenance() {
            return provenance;
        }
    }

    public static void save(ScseModel model, Path file) throws ModelFileException {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = AtomicFiles.temporarySibling(target);
            try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw))) {
                zip.putNextEntry(new ZipEntry(HEADER));
                zip.write(headerJson(model.spec(), model.provenance()).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(WEIGHTS));
                DataOutputStream out = new DataOutputStream(zip);
                TorchEngine.withPluginClassLoader(() -> {
                    model.network().saveParameters(out);
                    return null;
                });
                out.flush();
                zip.closeEntry();
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, target);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file, "could not be written (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and harmless
                }
            }
        }
    }

    static String headerJson(NetworkSpec spec, Provenance provenance) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("format_version", FORMAT_VERSION);
        o.add("spec", SpecJson.toJson(spec));
        o.add("provenance", provenance.toJson());
        return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    /**
     * Writes {@code target} as a copy of {@code source} whose spec is {@code change}d, weights and
     * provenance unchanged; e.g. to record the pixel size a model was trained at or the
     * post-processing it declares ({@code spec.toBuilder().pixelSize(...).build()}). Needs no engine:
     * the weights are copied byte for byte. Atomic; {@code target} may be {@code source}.
     *
     * @throws ModelFileException if the source cannot be read, the new spec does not fit the network
     *         (architecture, features, classes, channels must stay), or the target cannot be written
     */
    public static void updateSpec(Path source, Path target, java.util.function.UnaryOperator<NetworkSpec> change)
            throws ModelFileException {
        byte[] weights;
        Info info;
        try (ZipFile zip = open(source)) {
            info = readHeader(zip, source);
            ZipEntry entry = zip.getEntry(WEIGHTS);
            if (entry == null) throw new ModelFileException(source, "has no weights (" + WEIGHTS + " is missing)", null);
            try (InputStream in = zip.getInputStream(entry)) {
                weights = in.readAllBytes();
            }
        } catch (IOException e) {
            throw wrap(source, e);
        }
        NetworkSpec old = info.spec();
        NetworkSpec spec;
        try {
            spec = change.apply(old);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "its spec cannot be changed so: " + e.getMessage(), e);
        }
        if (spec.architecture() != old.architecture() || spec.features() != old.features() || spec.classCount() != old.classCount()
                || spec.inputChannels() != old.inputChannels() || spec.seBlock() != old.seBlock() || !spec.positions().equals(old.positions())
                || spec.reduction() != old.reduction() || spec.skip() != old.skip() || spec.aggregation() != old.aggregation()) {
            throw new ModelFileException(source, "a changed spec must describe the same network (its weights are kept)", null);
        }
        Path out = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(out.getParent());
            tmp = AtomicFiles.temporarySibling(out);
            try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw))) {
                zip.putNextEntry(new ZipEntry(HEADER));
                zip.write(headerJson(spec, info.provenance()).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(WEIGHTS));
                zip.write(weights);
                zip.closeEntry();
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, out);
            tmp = null;
        } catch (IOException e) {
            throw new ModelFileException(target, "could not be written (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and harmless
                }
            }
        }
    }

    /** Reads spec and provenance only. */
    public static Info readInfo(Path file) throws ModelFileException {
        try (ZipFile zip = open(file)) {
            return readHeader(zip, file);
        } catch (IOException e) {
            throw wrap(file, e);
        }
    }

    /** Loads the network with its weights onto {@code device}. */
    public static ScseModel load(Path file, Device device) throws ModelFileException {
        try (ZipFile zip = open(file)) {
            Info info = readHeader(zip, file);
            ZipEntry weights = zip.getEntry(WEIGHTS);
            if (weights == null) throw new ModelFileException(file, "has no weights (" + WEIGHTS + " is missing)", null);
            ScseModel model = ScseModel.create(info.spec(), info.provenance(), device);
            try (InputStream in = new BufferedInputStream(zip.getInputStream(weights))) {
                DataInputStream data = new DataInputStream(in);
                Map<String, Shape> expected = parameterShapes(model);
                TorchEngine.withPluginClassLoader(() -> {
                    model.network().loadParameters(model.djlModel().getNDManager(), data);
                    return null;
                });
                if (data.read() != -1) {
                    throw new ModelFileException(file, "has more weights than the network it describes; the file does not match its spec", null);
                }
                // DJL replaces arrays without comparing shapes: a mismatch would only fail later, mid-run.
                Map<String, Shape> loaded = parameterShapes(model);
                if (!loaded.equals(expected)) {
                    throw new ModelFileException(file, "the weights do not match the network its spec describes (parameter shapes differ)", null);
                }
                return model;
            } catch (IOException | RuntimeException e) {
                model.close();
                throw e;
            }
        } catch (IOException e) {
            throw wrap(file, e);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof MalformedModelException ? e.getCause() : e;
            throw new ModelFileException(file, "the weights are damaged or do not match the network its spec describes ("
                    + cause.getMessage() + ")", e);
        }
    }

    private static Map<String, Shape> parameterShapes(ScseModel model) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.network().getParameters()) shapes.put(p.getKey(), p.getValue().getArray().getShape());
        return shapes;
    }

    private static ZipFile open(Path file) throws ModelFileException {
        if (!Files.isRegularFile(file)) throw new ModelFileException(file, "does not exist or is not a file", null);
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ModelFileException(file, "is not a scSE model file, or it is truncated or damaged (not a readable zip archive)", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static Info readHeader(ZipFile zip, Path file) throws IOException {
        ZipEntry header = zip.getEntry(HEADER);
        if (header == null) throw new ModelFileException(file, "is not a scSE model file (" + HEADER + " is missing)", null);
        JsonObject o;
        try (InputStream in = zip.getInputStream(header)) {
            o = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelFileException(file, "its description (" + HEADER + ") is not valid JSON", e);
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
            throw new ModelFileException(file, "is not a scSE model file (format is not '" + FORMAT + "')", null);
        }
        int version = o.has("format_version") ? o.get("format_version").getAsInt() : -1;
        if (version < 1 || version > FORMAT_VERSION) {
            throw new ModelFileException(file, "has format version " + version + ", this scSE-Fiji reads versions up to "
                    + FORMAT_VERSION + "; update the plugin", null);
        }
        try {
            JsonObject specJson = o.getAsJsonObject("spec");
            NetworkSpec spec = SpecJson.fromJson(specJson);
            JsonObject prov = o.has("provenance") && o.get("provenance").isJsonObject() ? o.getAsJsonObject("provenance") : new JsonObject();
            Provenance provenance = new Provenance(prov);
            if (!specJson.has(PostProcessing.FIELD)) {
                // written before specs declared post-processing: what training would declare today
                JsonElement mode = provenance.trainingData(InstancePostProcessing.TRAINED_LABEL_MODE_KEY);
                String labelMode = mode != null && mode.isJsonPrimitive() ? mode.getAsString() : "";
                spec = spec.toBuilder().postProcessing(InstancePostProcessing.defaultFor(labelMode, spec.classCount())).build();
            }
            return new Info(spec, provenance);
        } catch (RuntimeException e) {
            throw new ModelFileException(file, "its network description is invalid: " + e.getMessage(), e);
        }
    }

    private static ModelFileException wrap(Path file, IOException e) {
        if (e instanceof ModelFileException) return (ModelFileException) e;
        if (e instanceof NoSuchFileException) return new ModelFileException(file, "does not exist", e);
        return new ModelFileException(file, "is truncated or damaged (" + e.getMessage() + ")", e);
    }
}
