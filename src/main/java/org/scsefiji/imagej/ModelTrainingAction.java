package org.scsefiji.imagej;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.train.EpochMetrics;
import org.scsefiji.train.SegmentationTrainer;
import org.scsefiji.train.TrainingConfig;
import org.scsefiji.train.TrainingEvent;
import org.scsefiji.train.TrainingListener;
import org.scsefiji.train.TrainingResult;

/**
 * Train Model and Fine-tune Model: the options become a {@link TrainingConfig} (the core checks them
 * all and reads the images), and training runs with progress in ImageJ, Esc to stop, and on a display
 * the live {@link TrainingWindow}. {@code training_options} passes any further training words
 * ({@code patience=5 loss=dice ...}, see the README) straight to the config.
 */
public final class ModelTrainingAction {
    public static final String TRAIN_TITLE = "Train Model";
    public static final String FINE_TUNE_TITLE = "Fine-tune Model";

    private static final Option INPUT = Option.folder("input_directory", "folder of training images");
    private static final Option LABELS = Option.folder("labels_directory",
            "folder of label images; empty = input_directory (X.tif with X_labels.tif)");
    private static final Option SAVE_AS = Option.text("save_as", "", "name of the new model (saved in Fiji's models folder) or a file path");
    private static final Option CLASS_NAMES = Option.text("class_names", "", "class names separated by commas, class 0 first");
    private static final Option BATCH_SIZE = Option.integer("batch_size", 4, 1, 4096, "patches per step");
    private static final Option VALIDATION = Option.number("validation_fraction", 0.2, 0, 0.9,
            "fraction of the images kept for validation");
    private static final Option OVERWRITE = Option.bool("overwrite", false, "replace an existing model file");
    private static final Option MORE = Option.text("training_options", "", "more training options as key=value, e.g. patience=5 loss=dice");

    public static final List<Option> TRAIN_OPTIONS = List.of(INPUT, LABELS, SAVE_AS,
            Option.choice("architecture", NetworkSpec.builder().build().architecture().key(), Option.keysOf(Architecture.class), "network"),
            Option.choice("se_block", "scse", Option.keysOf(SeBlockType.class), "squeeze-and-excitation block"),
            Option.choice("aggregation", "max", Option.keysOf(Aggregation.class), "how scSE joins cSE and sSE"),
            Option.text("positions", "P5", "SE positions P1..P6, several separated by commas"),
            Option.integer("reduction", 2, 1, 1024, "cSE reduction ratio"),
            Option.integer("features", 64, 4, 4096, "feature maps per block"),
            Option.integer("classes", 0, 0, 254, "number of classes, 0 = largest label + 1"),
            CLASS_NAMES,
            Option.integer("epochs", 30, 1, 100000, "maximum number of epochs"),
            BATCH_SIZE,
            Option.number("learning_rate", 0.01, 1e-8, 10, "initial learning rate"),
            VALIDATION, SegmentImageAction.DEVICE, OVERWRITE, MORE);

    public static final List<Option> FINE_TUNE_OPTIONS = List.of(
            Option.model("model to start from (installed name or model file)"),
            INPUT, LABELS, SAVE_AS,
            Option.integer("classes", 0, 0, 254, "number of classes, 0 = the model's"),
            CLASS_NAMES,
            Option.bool("freeze_encoder", false, "train only the decoder and classifier"),
            Option.integer("epochs", 10, 1, 100000, "maximum number of epochs"),
            BATCH_SIZE,
            Option.number("learning_rate", 0.001, 1e-8, 10, "initial learning rate"),
            VALIDATION, SegmentImageAction.DEVICE, OVERWRITE, MORE);

    /** Our keys and the training words they set: those words cannot also come through training_options. */
    private static final Map<String, String> CONFIG_WORDS = Map.of("input_directory", "images", "labels_directory", "labels",
            "save_as", "output");

    private ModelTrainingAction() {
    }

    /**
     * Trains (or fine-tunes, when the options include {@code model}) and returns how it ended.
     *
     * @param title {@link #TRAIN_TITLE} or {@link #FINE_TUNE_TITLE}, for messages and the window
     * @param recipe the macro line that reproduces this run, stored in the model ({@link OptionValues#macroCall})
     */
    public static TrainingResult run(OptionValues o, String title, String recipe) throws IOException {
        TrainingConfig config = config(o);
        Path output = config.output().toAbsolutePath();
        boolean existed = Files.exists(output);
        ImageJProgress progress = new ImageJProgress(title);
        progress.log("training options: " + config);
        progress.log("running on " + TorchEngine.describe(TorchEngine.device(config.device())));
        try (EscapeCancel cancel = EscapeCancel.start()) {
            TrainingWindow window = GraphicsEnvironment.isHeadless() ? null : TrainingWindow.open(title + ": " + output.getFileName(), cancel.token());
            TrainingListener listener = e -> {
                log(progress, e);
                if (window != null) window.onEvent(e);
            };
            TrainingResult result = new SegmentationTrainer(new ImageJImageReader()).train(config, recipe, listener, cancel.token());
            if (window != null && window.discardRequested() && result.model() != null && !existed) {
                Files.deleteIfExists(result.model());
                progress.log("cancelled: the model of this run was removed" + (result.checkpoint() == null ? ""
                        : "; continue later with training_options=[resume=true] from " + result.checkpoint()));
            } else {
                report(progress, result);
            }
            progress.done(result.stop().toString().toLowerCase(java.util.Locale.ROOT));
            return result;
        }
    }

    /** The core's training config for these options; errors name the option. */
    static TrainingConfig config(OptionValues o) {
        Set<String> ours = Set.copyOf(o.options().stream().map(Option::key).collect(java.util.stream.Collectors.toList()));
        TrainingConfig.Builder b = TrainingConfig.builder();
        for (Map.Entry<String, String> e : OptionValues.pairs(o.text("training_options")).entrySet()) {
            String key = e.getKey();
            if (ours.contains(key) || CONFIG_WORDS.containsValue(key)) {
                String own = CONFIG_WORDS.entrySet().stream().filter(w -> w.getValue().equals(key)).map(Map.Entry::getKey)
                        .findFirst().orElse(key);
                throw new IllegalArgumentException("training_options: set " + own + " with its own option, not in training_options");
            }
            try {
                b.set(key, e.getValue());
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("training_options: " + x.getMessage(), x);
            }
        }
        Path images = o.existingFolder("input_directory");
        b.set("images", images);
        b.set("labels", o.isBlank("labels_directory") ? images : o.existingFolder("labels_directory"));
        b.set("output", InstalledModels.target(o.text("save_as")));
        for (Option opt : o.options()) {
            String key = opt.key();
            if (CONFIG_WORDS.containsKey(key) || key.equals("training_options")) continue;
            switch (opt.kind()) {
                case MODEL: b.set(key, InstalledModels.resolve(o.text(key))); break;
                case CHOICE: b.set(key, o.choice(key)); break;
                case INTEGER: b.set(key, o.integer(key)); break;
                case NUMBER: b.set(key, o.number(key)); break;
                case BOOLEAN: b.set(key, o.bool(key)); break;
                default: b.set(key, o.text(key));
            }
        }
        DeviceChoice.parse(o.choice("device"));
        return b.build();
    }

    private static void log(ImageJProgress progress, TrainingEvent e) {
        switch (e.kind()) {
            case STEP:
            case PREPARING:
                progress.progress(e.fraction(), e.describe());
                break;
            default:
                progress.event(e.fraction(), e.describe());
        }
    }

    private static void report(ImageJProgress progress, TrainingResult result) {
        EpochMetrics best = result.best();
        if (result.model() == null) {
            progress.log("no model was saved (stopped before the first epoch ended)");
            return;
        }
        progress.log("model saved: " + result.model() + (best == null ? "" : " (" + best + ")"));
        Path installed = InstalledModels.folder();
        if (installed != null && result.model().toAbsolutePath().getParent().equals(installed.toAbsolutePath())) {
            String name = result.model().getFileName().toString().replaceFirst("\\.scse$", "");
            progress.log("segment with model=[" + name + "]");
        }
    }
}
