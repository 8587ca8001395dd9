package org.scsefiji.imagej;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.options.MacroText;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Option;
import org.scsefiji.options.Settings;
import org.scsefiji.options.TrainingOptions;
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
    public static final String TRAIN_TITLE = Operations.TRAIN.title();
    public static final String FINE_TUNE_TITLE = Operations.FINE_TUNE.title();

    private ModelTrainingAction() {
    }

    /**
     * Trains (or fine-tunes, when the options include {@code model}) and returns how it ended.
     *
     * @param title {@link #TRAIN_TITLE} or {@link #FINE_TUNE_TITLE}, for messages and the window
     * @param recipe the macro line that reproduces this run, stored in the model ({@link MacroText#call})
     */
    public static TrainingResult run(Settings o, String title, String recipe) throws IOException {
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

    /**
     * The core's training config for these settings: every option of the command, then the words of
     * {@code training_options} (any other training option, see {@link org.scsefiji.options.TrainingOptions});
     * errors name the option.
     */
    static TrainingConfig config(Settings o) {
        TrainingConfig.Builder b = TrainingConfig.builder();
        for (Map.Entry<String, String> e : MacroText.pairs(o.text(Operations.TRAINING_OPTIONS)).entrySet()) {
            String key = TrainingOptions.OPERATION.find(e.getKey()).map(Option::key).orElse(e.getKey());
            if (o.operation().has(key)) {
                throw new IllegalArgumentException(Operations.TRAINING_OPTIONS + ": set " + key + " with its own option, not in "
                        + Operations.TRAINING_OPTIONS);
            }
            try {
                b.set(key, e.getValue());
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(Operations.TRAINING_OPTIONS + ": " + x.getMessage(), x);
            }
        }
        for (Map.Entry<String, String> e : o.asMap().entrySet()) {
            if (!e.getKey().equals(Operations.TRAINING_OPTIONS)) b.set(e.getKey(), e.getValue().isEmpty() ? null : e.getValue());
        }
        Path images = o.existingFolder("input_directory");
        b.set("labels_directory", o.isBlank("labels_directory") ? images : o.existingFolder("labels_directory"));
        b.set("save_as", InstalledModels.target(o.text("save_as")));
        if (o.operation().has("model")) b.set("model", InstalledModels.resolve(o.text("model")));
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
