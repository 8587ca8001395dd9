package org.scsefiji.train;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Normalization;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Choices;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SkipMode;
import org.scsefiji.train.data.Augmentation;
import org.scsefiji.train.data.DataSource;
import org.scsefiji.train.data.LabelMode;

/**
 * Every option of a training run, named by the snake_case words of the command line and the macros
 * ({@code epochs=30 batch_size=4 ...}). The word -> value map is the canonical form: {@link #parse}
 * reads it, {@link #toMap} writes every effective value (stored in the model's provenance), and
 * {@link #options} lists the words with their help text. Unset options take the paper's defaults;
 * a few defaults depend on the architecture (see {@link #options}). Values are checked on build, with
 * errors that name the option.
 */
public final class TrainingConfig {
    public enum OptimizerChoice { SGD, ADAM }

    /** ce_dice: weighted cross-entropy + soft Dice (SD-Net, ReLayNet); hybrid_log: FocusNet++ ALL(HL). */
    public enum LossChoice { CE_DICE, HYBRID_LOG, CE, DICE }

    public enum ClassWeighting { MEDIAN_FREQUENCY, NONE }

    public enum WeightMapChoice { BOUNDARY, NONE }

    /** What "validation improved" means: lower validation loss (the paper's rule) or higher mean foreground Dice. */
    public enum Monitor { LOSS, DICE }

    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    static {
        // data
        opt("images", null, "folder of training images (required)");
        opt("labels", "", "folder of label images; empty = the images folder (X.tif pairs with X_labels.tif)");
        opt("validation_images", "", "folder of validation images; empty = split the training folder");
        opt("validation_labels", "", "folder of validation label images; empty = the validation_images folder");
        opt("validation_group", "", "comma-separated name prefixes whose images validate, e.g. subject05");
        opt("validation_fraction", "0.2", "fraction of the image files that validate when no group or folder is given; 0 = no validation");
        opt("instance_labels", "false", "labels hold object ids (0 = background): train objects (every id > 0) against background");
        opt("object_outlines", "false", "with instance_labels: a third class, the outline of every object, so that touching objects stay apart");
        // files
        opt("output", null, "model file to write, the best model (required)");
        opt("checkpoint", "", "checkpoint file written every epoch; empty = <output>-checkpoint.scse");
        opt("resume", "false", "continue from the checkpoint if it exists");
        opt("keep_checkpoint", "false", "keep the checkpoint file after training finished");
        opt("overwrite", "false", "replace an existing output model file");
        opt("model", "", "model file to fine-tune (its network, weights and normalisation are kept)");
        opt("freeze_encoder", "false", "fine-tuning: do not train the encoder blocks");
        opt("classes", "0", "number of classes; 0 = from the model, or largest label id + 1");
        opt("class_names", "", "comma-separated class names, class 0 first (class 0 counts as background); "
                + "default: the model's, the retinal layers for a 10-class relaynet, else background, class 1, ...");
        // network (new models)
        opt("architecture", NetworkSpec.builder().build().architecture().key(), "unet, sdnet, fcdensenet, relaynet or focusnetpp");
        opt("se_block", "scse", "none, cse, sse or scse");
        opt("aggregation", "max", "max, add, multiply or concat");
        opt("positions", "P5", "comma-separated SE positions P1..P6");
        opt("reduction", "2", "SE reduction ratio");
        opt("skip", "recalibrated", "recalibrated or uncalibrated skip connections");
        opt("features", "64", "feature maps per block");
        opt("normalization", "min_max", "min_max, percentile, mean_std, fixed or none (statistics of each whole 2-D slice)");
        opt("normalization_low", "", "percentile: low percentile (default 1); fixed: value mapped to 0");
        opt("normalization_high", "", "percentile: high percentile (default 99.8); fixed: value mapped to 1");
        // optimisation
        opt("epochs", "30", "maximum number of epochs");
        opt("batch_size", "4", "patches per step");
        opt("optimizer", "sgd", "sgd or adam");
        opt("learning_rate", "0.01", "initial learning rate");
        opt("lr_step", "10", "epochs between learning-rate drops; 0 = constant");
        opt("lr_factor", "0.1", "learning-rate multiplier at each drop");
        opt("momentum", "0.95", "SGD momentum");
        opt("weight_decay", "0.0001", "L2 weight decay");
        opt("patience", "10", "stop after this many epochs without validation improvement; 0 = never stop early");
        opt("monitor", "loss", "loss (lowest validation loss) or dice (highest mean foreground validation Dice)");
        // sampling and loss
        derived("patch_width", c -> c.isRelayNet() ? "64" : "256", "patch width in pixels; 0 = whole width; default 64 for relaynet (strips), else 256");
        derived("patch_height", c -> c.isRelayNet() ? "0" : "256", "patch height in pixels; 0 = whole height; default 0 for relaynet, else 256");
        opt("flip", "true", "mirror patches left-right at random");
        opt("augmentation", "full", "random changes of training patches: full (geometry and intensity), geometry, intensity or none");
        derived("scale_across", c -> c.isRelayNet() ? "0.5,4" : "0.75,1.33",
                "augmentation: zoom range across, min,max (drawn log-uniformly; > 1 = finer pixels); default 0.5,4 for relaynet, else 0.75,1.33");
        derived("scale_depth", c -> c.isRelayNet() ? "0.6,2" : "0.75,1.33",
                "augmentation: zoom range in depth (y), min,max; default 0.6,2 for relaynet, else 0.75,1.33");
        derived("rotation", c -> c.isRelayNet() ? "10" : "180", "augmentation: largest rotation in degrees; default 10 for relaynet, else 180");
        derived("shift_depth", c -> c.isRelayNet() ? "0.2" : "0", "augmentation: largest shift in depth, a fraction of the image height; default 0.2 for relaynet, else 0");
        opt("gamma", "0.6,1.7", "augmentation: gamma range, min,max (log-uniform), used on half of the patches");
        opt("contrast", "0.3", "augmentation: largest relative contrast change, on half of the patches");
        opt("brightness", "0.1", "augmentation: largest brightness change (fraction of the patch's range), with the contrast change");
        opt("noise", "0.1", "augmentation: largest speckle (relative) and additive noise (fraction of range) standard deviation, each on half of the patches");
        opt("blur", "1", "augmentation: largest Gaussian blur sigma in pixels, on half of the patches");
        derived("loss", c -> c.architecture() == Architecture.FOCUSNETPP ? "hybrid_log" : "ce_dice", "ce_dice, hybrid_log, ce or dice; default hybrid_log for focusnetpp, else ce_dice");
        derived("class_weights", c -> c.loss() == LossChoice.CE || c.loss() == LossChoice.CE_DICE ? "median_frequency" : "none", "median_frequency or none; default median_frequency for ce and ce_dice, else none");
        derived("weight_map", c -> c.isRelayNet() ? "boundary" : "none", "boundary or none; default boundary for relaynet, else none");
        opt("boundary_weight", "10", "weight map: extra weight w1 of pixels on a label boundary");
        opt("foreground_weight", "5", "weight map: extra weight w2 of pixels of non-background classes");
        // run
        opt("seed", "42", "random seed: weights, split, patches (CPU runs are repeatable)");
        opt("cache_mb", "1024", "memory for images during training, in MB; larger data sets are streamed from disk");
        opt("device", "auto", "auto, cpu or gpu");
    }

    private final Map<String, String> values;

    private TrainingConfig(Map<String, String> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    /** Reads word -> value pairs (CLI, macro options); unknown words and bad values are errors naming them. */
    public static TrainingConfig parse(Map<String, String> options) {
        Builder b = builder();
        options.forEach(b::set);
        return b.build();
    }

    /** Every option word with its help text and default, in a stable order. */
    public static Map<String, String> options() {
        Map<String, String> help = new LinkedHashMap<>();
        OPTIONS.forEach((k, o) -> help.put(k, o.help + (o.defaultValue == null ? "" : o.defaultValue.isEmpty() ? "" : " [" + o.defaultValue + "]")));
        return Collections.unmodifiableMap(help);
    }

    /** Every option with its effective value (defaults resolved), in {@link #options} order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : OPTIONS.keySet()) m.put(k, effective(k));
        return m;
    }

    /** Only the options that were set explicitly. */
    public Map<String, String> explicitOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : OPTIONS.keySet()) {
            if (values.containsKey(k)) m.put(k, values.get(k));
        }
        return m;
    }

    /**
     * This config with the network options of a model being fine-tuned or resumed: the model's network is
     * the one trained, so defaults that depend on the architecture and the recorded options follow it.
     */
    TrainingConfig withNetwork(NetworkSpec spec) {
        Builder b = toBuilder()
                .set("architecture", spec.architecture().key())
                .set("se_block", spec.seBlock().key())
                .set("aggregation", spec.aggregation().key())
                .set("positions", spec.positions().stream().map(Placement::key).collect(Collectors.joining(",")))
                .set("reduction", spec.reduction())
                .set("skip", spec.skip().key())
                .set("features", spec.features())
                .set("normalization", spec.normalization().mode().key());
        boolean bounds = spec.normalization().mode() == Normalization.Mode.PERCENTILE
                || spec.normalization().mode() == Normalization.Mode.FIXED;
        b.set("normalization_low", bounds ? Double.toString(spec.normalization().low()) : null);
        b.set("normalization_high", bounds ? Double.toString(spec.normalization().high()) : null);
        return b.build();
    }

    // ---- data

    public Path images() {
        return path("images");
    }

    /** The label folder; the images folder when not set. */
    public Path labels() {
        Path p = path("labels");
        return p == null ? images() : p;
    }

    public Path validationImages() {
        return path("validation_images");
    }

    public Path validationLabels() {
        Path p = path("validation_labels");
        return p == null ? validationImages() : p;
    }

    public List<String> validationGroups() {
        String g = raw("validation_group");
        if (g.isBlank()) return List.of();
        return Arrays.stream(g.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    public double validationFraction() {
        return number("validation_fraction");
    }

    /** What the label images hold: class ids, or object ids (with or without outline class). */
    public LabelMode labelMode() {
        return !bool("instance_labels") ? LabelMode.CLASSES : bool("object_outlines") ? LabelMode.OBJECTS_AND_OUTLINES : LabelMode.OBJECTS;
    }

    /** Where the training and validation pairs come from. */
    public DataSource dataSource() {
        return new DataSource(images(), labels(), validationImages(), validationLabels(), validationGroups(),
                validationFraction(), seed(), labelMode());
    }

    // ---- files

    public Path output() {
        return path("output");
    }

    /** The checkpoint file: as set, or "name-checkpoint.scse" next to the output. */
    public Path checkpoint() {
        Path p = path("checkpoint");
        if (p != null) return p;
        Path out = output().toAbsolutePath();
        String name = out.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".scse")) name = name.substring(0, name.length() - 5);
        return out.resolveSibling(name + "-checkpoint.scse");
    }

    public boolean resume() {
        return bool("resume");
    }

    public boolean keepCheckpoint() {
        return bool("keep_checkpoint");
    }

    public boolean overwrite() {
        return bool("overwrite");
    }

    /** The model to fine-tune, or null for a new network. */
    public Path parentModel() {
        return path("model");
    }

    public boolean freezeEncoder() {
        return bool("freeze_encoder");
    }

    /** Requested class count, 0 = from the model or the labels. */
    public int classes() {
        return integer("classes");
    }

    /** Class names from class_names, or an empty list for the defaults. */
    public List<String> classNames() {
        String n = raw("class_names");
        if (n.isBlank()) return List.of();
        return Arrays.stream(n.split(",")).map(String::trim).collect(Collectors.toList());
    }

    // ---- network

    public Architecture architecture() {
        return Architecture.parse(raw("architecture"));
    }

    /** The spec of a new network, with {@code classCount} generic classes (the caller may replace them). */
    public NetworkSpec networkSpec(int classCount) {
        List<Placement> positions = new ArrayList<>();
        for (String p : raw("positions").split(",")) positions.add(Placement.parse(p));
        return NetworkSpec.builder()
                .architecture(architecture())
                .seBlock(SeBlockType.parse(raw("se_block")))
                .aggregation(Aggregation.parse(raw("aggregation")))
                .positions(positions)
                .reduction(integer("reduction"))
                .skip(SkipMode.parse(raw("skip")))
                .features(integer("features"))
                .classCount(classCount)
                .normalization(normalization())
                .build();
    }

    public Normalization normalization() {
        Normalization.Mode mode = Choices.parse(Normalization.Mode.class, raw("normalization"), "normalization");
        String lo = raw("normalization_low");
        String hi = raw("normalization_high");
        if (mode == Normalization.Mode.FIXED && (lo.isBlank() || hi.isBlank())) {
            throw new IllegalArgumentException("normalization=fixed needs normalization_low and normalization_high");
        }
        double low = lo.isBlank() ? (mode == Normalization.Mode.PERCENTILE ? 1 : 0) : number("normalization_low");
        double high = hi.isBlank() ? (mode == Normalization.Mode.PERCENTILE ? 99.8 : 1) : number("normalization_high");
        return new Normalization(mode, low, high);
    }

    // ---- optimisation

    public int epochs() {
        return integer("epochs");
    }

    public int batchSize() {
        return integer("batch_size");
    }

    public OptimizerChoice optimizer() {
        return Choices.parse(OptimizerChoice.class, raw("optimizer"), "optimizer");
    }

    public float learningRate() {
        return (float) number("learning_rate");
    }

    public int lrStep() {
        return integer("lr_step");
    }

    public float lrFactor() {
        return (float) number("lr_factor");
    }

    public float momentum() {
        return (float) number("momentum");
    }

    public float weightDecay() {
        return (float) number("weight_decay");
    }

    public int patience() {
        return integer("patience");
    }

    public Monitor monitor() {
        return Choices.parse(Monitor.class, raw("monitor"), "monitor");
    }

    // ---- sampling and loss

    public int patchWidth() {
        return integer("patch_width");
    }

    public int patchHeight() {
        return integer("patch_height");
    }

    public boolean flip() {
        return bool("flip");
    }

    /** The random changes of training patches (validation is never changed). */
    public Augmentation augmentation() {
        return new Augmentation(Augmentation.Mode.parse(raw("augmentation"), "augmentation"), range("scale_across"),
                range("scale_depth"), number("rotation"), number("shift_depth"), range("gamma"), number("contrast"),
                number("brightness"), number("noise"), number("blur"));
    }

    public LossChoice loss() {
        return Choices.parse(LossChoice.class, raw("loss"), "loss");
    }

    public ClassWeighting classWeights() {
        return Choices.parse(ClassWeighting.class, raw("class_weights"), "class_weights");
    }

    public WeightMapChoice weightMap() {
        return Choices.parse(WeightMapChoice.class, raw("weight_map"), "weight_map");
    }

    public float boundaryWeight() {
        return (float) number("boundary_weight");
    }

    public float foregroundWeight() {
        return (float) number("foreground_weight");
    }

    // ---- run

    public long seed() {
        try {
            return Long.parseLong(raw("seed").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed must be a whole number, got '" + raw("seed") + "'");
        }
    }

    public long cacheBytes() {
        return (long) (number("cache_mb") * 1024 * 1024);
    }

    public DeviceChoice device() {
        return DeviceChoice.parse(raw("device"));
    }

    @Override
    public String toString() {
        return explicitOptions().entrySet().stream().map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    // ---- internals

    private String raw(String key) {
        return effective(key);
    }

    private String effective(String key) {
        String v = values.get(key);
        if (v != null) return v;
        Option o = OPTIONS.get(key);
        if (o.architectureDefault != null) return o.architectureDefault.apply(this);
        return o.defaultValue == null ? "" : o.defaultValue;
    }

    private Path path(String key) {
        String v = raw(key);
        return v.isBlank() ? null : Paths.get(v.trim());
    }

    private boolean bool(String key) {
        String v = raw(key).trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("1")) return true;
        if (v.equals("false") || v.equals("no") || v.equals("0")) return false;
        throw new IllegalArgumentException(key + " must be true or false, got '" + raw(key) + "'");
    }

    private int integer(String key) {
        double v = number(key);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + raw(key) + "'");
        }
        return (int) v;
    }

    private double number(String key) {
        try {
            double v = Double.parseDouble(raw(key).trim());
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + raw(key) + "'");
        }
    }

    /** Two numbers "min,max". */
    private double[] range(String key) {
        String[] parts = raw(key).split(",");
        try {
            if (parts.length != 2) throw new NumberFormatException();
            return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be two numbers min,max, got '" + raw(key) + "'");
        }
    }

    private static String quote(String v) {
        return v.isEmpty() || v.matches(".*[\\s\"'\\[\\]].*") ? "[" + v + "]" : v;
    }

    private static void opt(String key, String defaultValue, String help) {
        OPTIONS.put(key, new Option(defaultValue, help, null));
    }

    private static void derived(String key, Function<TrainingConfig, String> byArchitecture, String help) {
        OPTIONS.put(key, new Option("", help, byArchitecture));
    }

    private boolean isRelayNet() {
        return architecture() == Architecture.RELAYNET;
    }

    private static final class Option {
        final String defaultValue;
        final String help;
        final Function<TrainingConfig, String> architectureDefault;

        Option(String defaultValue, String help, Function<TrainingConfig, String> architectureDefault) {
            this.defaultValue = defaultValue;
            this.help = help;
            this.architectureDefault = architectureDefault;
        }
    }

    /** Collects option values; {@link #build} checks them all. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();

        /** Sets an option by its word; the value's text form is used (numbers, booleans, paths, enums' keys). */
        public Builder set(String key, Object value) {
            String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
            if (!OPTIONS.containsKey(k)) {
                throw new IllegalArgumentException("Unknown training option '" + key + "'. Options: "
                        + String.join(", ", OPTIONS.keySet()));
            }
            if (value == null) {
                values.remove(k);
            } else {
                String v = value instanceof Enum ? ((Enum<?>) value).name().toLowerCase(Locale.ROOT) : value.toString();
                values.put(k, v);
            }
            return this;
        }

        public TrainingConfig build() {
            TrainingConfig c = new TrainingConfig(new LinkedHashMap<>(values));
            c.check();
            return c;
        }
    }

    private void check() {
        if (images() == null) throw new IllegalArgumentException("images (the folder of training images) is required");
        if (output() == null) throw new IllegalArgumentException("output (the model file to write) is required");
        dataSource();
        checkpoint();
        resume();
        keepCheckpoint();
        overwrite();
        freezeEncoder();
        if (classes() != 0 && (classes() < 2 || classes() > 254)) {
            throw new IllegalArgumentException("classes must be 0 (automatic) or 2..254, got " + classes());
        }
        if (classNames().stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException("class_names has an empty name");
        if (!classNames().isEmpty() && classes() != 0 && classNames().size() != classes()) {
            throw new IllegalArgumentException("class_names lists " + classNames().size() + " names but classes=" + classes());
        }
        networkSpec(2);
        atLeast("epochs", epochs(), 1);
        atLeast("batch_size", batchSize(), 1);
        optimizer();
        if (!(learningRate() > 0)) throw new IllegalArgumentException("learning_rate must be > 0, got " + learningRate());
        atLeast("lr_step", lrStep(), 0);
        if (!(lrFactor() > 0 && lrFactor() <= 1)) throw new IllegalArgumentException("lr_factor must lie in (0, 1], got " + lrFactor());
        if (momentum() < 0 || momentum() >= 1) throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum());
        if (weightDecay() < 0) throw new IllegalArgumentException("weight_decay must be >= 0, got " + weightDecay());
        atLeast("patience", patience(), 0);
        monitor();
        atLeast("patch_width", patchWidth(), 0);
        atLeast("patch_height", patchHeight(), 0);
        flip();
        augmentation();
        loss();
        classWeights();
        weightMap();
        if (boundaryWeight() < 0 || foregroundWeight() < 0) {
            throw new IllegalArgumentException("boundary_weight and foreground_weight must be >= 0");
        }
        double f = validationFraction();
        if (f < 0 || f >= 1) throw new IllegalArgumentException("validation_fraction must lie in [0, 1), got " + f);
        seed();
        if (!(cacheBytes() > 0)) throw new IllegalArgumentException("cache_mb must be > 0");
        device();
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
    }
}
