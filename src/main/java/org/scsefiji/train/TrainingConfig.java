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
import java.util.stream.Collectors;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.PixelSize;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.model.RetinaAnatomy;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Choices;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SkipMode;
import org.scsefiji.options.Option;
import org.scsefiji.options.TrainingOptions;
import org.scsefiji.train.data.Augmentation;
import org.scsefiji.train.data.DataSource;
import org.scsefiji.train.data.LabelMode;

/**
 * Every option of a training run, named by the snake_case words of the command line and the macros
 * ({@code epochs=30 batch_size=4 ...}). The word -> value map is the canonical form: {@link #parse}
 * reads it, {@link #toMap} writes every effective value (stored in the model's provenance), and
 * {@link #options} lists the words with their help text. Unset options take the paper's defaults;
 * a few defaults depend on other options ({@link TrainingDefaults}). Values are checked on build
 * ({@link TrainingConfigChecks}), with errors that name the option.
 */
public final class TrainingConfig {
    public enum OptimizerChoice { SGD, ADAM }

    /** ce_dice: weighted cross-entropy + soft Dice (SD-Net, ReLayNet); hybrid_log: FocusNet++ ALL(HL). */
    public enum LossChoice { CE_DICE, HYBRID_LOG, CE, DICE }

    public enum ClassWeighting { MEDIAN_FREQUENCY, NONE }

    public enum WeightMapChoice { BOUNDARY, CONTACTS, OBJECTS, NONE }

    /** What "validation improved" means: lower validation loss (the paper's rule) or higher mean foreground Dice. */
    public enum Monitor { LOSS, DICE }

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

    /** Every option, in a stable order: {@link TrainingOptions#ALL}. */
    public static List<Option> options() {
        return TrainingOptions.ALL;
    }

    /** Every option with its effective value (defaults resolved), in {@link #options} order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Option o : TrainingOptions.ALL) m.put(o.key(), effective(o.key()));
        return m;
    }

    /** Only the options that were set explicitly. */
    public Map<String, String> explicitOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Option o : TrainingOptions.ALL) {
            if (values.containsKey(o.key())) m.put(o.key(), values.get(o.key()));
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
        return path("input_directory");
    }

    /** The label folder; the images folder when not set. */
    public Path labels() {
        Path p = path("labels_directory");
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

    /** What the label images hold: class ids, or object ids (with or without outline and core classes). */
    public LabelMode labelMode() {
        if (bool("object_cores") && !(bool("instance_labels") && bool("object_outlines"))) {
            throw new IllegalArgumentException("object_cores needs instance_labels and object_outlines (the cores are cut from the objects' inner pixels)");
        }
        if (!bool("instance_labels")) return LabelMode.CLASSES;
        if (!bool("object_outlines")) return LabelMode.OBJECTS;
        return bool("object_cores") ? LabelMode.OBJECTS_OUTLINES_AND_CORES : LabelMode.OBJECTS_AND_OUTLINES;
    }

    /** Where the training and validation pairs come from. */
    public DataSource dataSource() {
        return new DataSource(images(), labels(), validationImages(), validationLabels(), validationGroups(),
                validationFraction(), seed(), labelMode());
    }

    // ---- files

    public Path output() {
        return path("save_as");
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

    /** The training images' pixel size to record in a new model, or null when not given. */
    public PixelSize pixelSize() {
        return PixelSize.given(number("pixel_width"), number("pixel_depth"));
    }

    /**
     * The post-processing a new model with {@code classes} declares. {@code auto} follows the labels: objects
     * with outlines become instances, the 10 retinal-layer classes of a relaynet get the layer order repaired.
     *
     * @param logitOffsets whether the model gets logit offsets ({@link LogitAdjustment#offsets}): its object split is
     *        then the one tuned on offset logits
     */
    public PostProcessing postProcessing(List<ClassInfo> classes, boolean logitOffsets) {
        String choice = raw("postprocessing");
        PostProcessing p;
        switch (choice) {
            case "none":
                p = PostProcessing.NONE;
                break;
            case "instances":
                p = instances(logitOffsets);
                break;
            case "retina_anatomy":
                p = RetinaAnatomy.relayNet();
                break;
            default:
                p = labelMode().postProcessing(classes.size());
                if (p instanceof InstancePostProcessing) p = instances(logitOffsets);
                if (p == PostProcessing.NONE && architecture() == Architecture.RELAYNET && classes.equals(ClassPalettes.retinalLayers())) {
                    p = RetinaAnatomy.relayNet();
                }
        }
        try {
            p.check(classes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("postprocessing=" + choice + " does not fit the model's " + classes.size() + " classes: "
                    + e.getMessage());
        }
        return p;
    }

    /** The object split of a new model: tuned for logits with offsets when the model gets them; seeded by cores when it learns them. */
    private InstancePostProcessing instances(boolean logitOffsets) {
        InstancePostProcessing p = logitOffsets ? InstancePostProcessing.forAdjustedLogits() : InstancePostProcessing.defaults();
        return p.withCoreClass(labelMode().coreClass());
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
                "same".equals(raw("scale_depth").trim()) ? null : range("scale_depth"), number("rotation"), number("shift_depth"), range("gamma"), number("contrast"),
                number("brightness"), number("noise"), number("blur"));
    }

    public LossChoice loss() {
        return Choices.parse(LossChoice.class, raw("loss"), "loss");
    }

    public ClassWeighting classWeights() {
        return Choices.parse(ClassWeighting.class, raw("class_weights"), "class_weights");
    }

    /** tau of {@link LogitAdjustment}. */
    public double logitAdjustment() {
        return number("logit_adjustment");
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
        return TrainingDefaults.of(key, this);
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

    /** Collects option values; {@link #build} checks them all. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();

        /**
         * Sets an option by its key (or an older name, e.g. {@code images} for {@code input_directory}); the
         * value's text form is used (numbers, booleans, paths, enums' keys) and checked against the option
         * ({@link Option#check}); null unsets it.
         */
        public Builder set(String key, Object value) {
            Option o = TrainingOptions.OPERATION.find(key == null ? "" : key.trim()).orElseThrow(
                    () -> new IllegalArgumentException("Unknown training option '" + key + "'. Options: "
                            + String.join(", ", TrainingOptions.OPERATION.keys())));
            if (value == null) {
                values.remove(o.key());
            } else {
                String v = value instanceof Enum ? ((Enum<?>) value).name().toLowerCase(Locale.ROOT) : value.toString();
                if (v.isBlank()) values.remove(o.key());
                else values.put(o.key(), o.check(v));
            }
            return this;
        }

        public TrainingConfig build() {
            TrainingConfig c = new TrainingConfig(new LinkedHashMap<>(values));
            TrainingConfigChecks.check(c);
            return c;
        }
    }
}
