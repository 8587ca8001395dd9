package org.scsefiji.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scsefiji.ScseVersion;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.Provenance;
import org.scsefiji.train.data.ImagePair;
import org.scsefiji.train.data.LabelMode;
import org.scsefiji.train.data.TrainingData;

/**
 * What a trained model file says about how it was made (its {@link Provenance}): the data (folders, label mode,
 * validation rule, the images of each split, class weights), the recipe, the parent model of a fine-tuning, the
 * engine, the options, and the run's state and history.
 */
final class TrainingRecord {
    private final JsonObject data = new JsonObject();
    private final JsonObject parent;
    private final String recipe;
    private final String engine;

    /**
     * @param recipe the command that started (or resumed) this run; null when unknown
     * @param start  the checkpoint ({@code resuming}) or parent model read before the run; null for a new model
     */
    TrainingRecord(TrainingConfig config, TrainingData data, String recipe, boolean resuming, Path parentModel, ModelFile.Info start,
            String engine) throws IOException {
        this.data.addProperty("images", config.images().toAbsolutePath().toString());
        this.data.addProperty("labels", config.labels().toAbsolutePath().toString());
        this.data.addProperty(LabelMode.PROVENANCE_KEY, config.labelMode().key());
        this.data.addProperty("validation", data.split().rule());
        this.data.add("training_images", names(data.split().training()));
        this.data.add(Provenance.VALIDATION_IMAGES, names(data.split().validation()));
        this.engine = engine;
        if (resuming) {
            Provenance previous = start.provenance();
            JsonObject p = previous.toJson();
            parent = p.has(Provenance.PARENT) && p.get(Provenance.PARENT).isJsonObject() ? p.getAsJsonObject(Provenance.PARENT) : null;
            // The command that finished the run: a resumed run may have changed options (e.g. epochs).
            this.recipe = recipe != null ? recipe : previous.get(Provenance.RECIPE);
        } else {
            parent = parentModel == null ? null : FineTuning.parentRecord(parentModel, start.provenance());
            this.recipe = recipe;
        }
    }

    void classWeights(float[] weights) {
        JsonArray a = new JsonArray();
        for (float f : weights) a.add(f);
        data.add("class_weights", a);
    }

    /** The provenance of a model file written with {@code status} ("training", "checkpoint", "finished", ...). */
    Provenance provenance(String status, TrainingConfig config, TrainingState state) {
        Provenance p = new Provenance()
                .with(Provenance.CREATED, Instant.now().toString())
                .with(Provenance.SOFTWARE_VERSION, ScseVersion.get())
                .with(Provenance.TRAINING_DATA, data);
        if (recipe != null) p = p.with(Provenance.RECIPE, recipe);
        if (parent != null) p = p.with(Provenance.PARENT, parent);
        JsonObject training = new JsonObject();
        training.addProperty("status", status);
        training.addProperty("run_id", state.runId);
        training.addProperty("epochs_done", state.epochsDone);
        training.addProperty("best_epoch", state.bestEpoch);
        training.addProperty("engine", engine);
        JsonObject options = new JsonObject();
        config.toMap().forEach(options::addProperty);
        options.addProperty("seed", Long.toString(state.seed));
        training.add("options", options);
        training.add("history", state.historyJson());
        p = p.with("training", training);
        EpochMetrics best = state.best();
        return best == null ? p : p.withMetrics(metrics(best));
    }

    private static Map<String, Number> metrics(EpochMetrics m) {
        Map<String, Number> out = new LinkedHashMap<>();
        out.put("epoch", m.epoch());
        putFinite(out, "training_loss", m.trainingLoss());
        putFinite(out, "validation_loss", m.validationLoss());
        putFinite(out, "validation_mean_foreground_dice", m.meanForegroundDice());
        double[] dice = m.dice();
        for (int c = 0; c < dice.length; c++) putFinite(out, "validation_dice_" + c, dice[c]);
        return out;
    }

    private static void putFinite(Map<String, Number> m, String key, double v) {
        if (Double.isFinite(v)) m.put(key, v);
    }

    private static JsonArray names(List<ImagePair> pairs) {
        JsonArray a = new JsonArray();
        pairs.forEach(p -> a.add(p.name()));
        return a;
    }
}
