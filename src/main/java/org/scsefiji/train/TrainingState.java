package org.scsefiji.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scsefiji.model.ModelFileException;
import org.scsefiji.model.Provenance;

/**
 * What a checkpoint restores besides the weights: epochs done (so the learning-rate schedule and the
 * per-epoch sampling continue where they stopped), the best score and epoch, epochs without
 * improvement (early stopping), the seed, the run id and the metrics history. Not restored: the
 * optimizer's momentum (SGD) or moment estimates (Adam), which restart from zero; BatchNorm running
 * statistics are weights and are restored. Stored under "checkpoint" and "training.history" in the
 * checkpoint file's provenance, so the checkpoint is one model file written atomically.
 */
final class TrainingState {
    static final String KEY = "checkpoint";

    int epochsDone;
    /** Higher is better; NaN until a model was saved. */
    double bestScore = Double.NaN;
    int bestEpoch = -1;
    int sinceImprovement;
    long seed;
    String runId;
    final List<EpochMetrics> history = new ArrayList<>();

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("epochs_done", epochsDone);
        if (Double.isFinite(bestScore)) o.addProperty("best_score", bestScore);
        o.addProperty("best_epoch", bestEpoch);
        o.addProperty("epochs_without_improvement", sinceImprovement);
        o.addProperty("seed", seed);
        o.addProperty("run_id", runId);
        return o;
    }

    JsonArray historyJson() {
        JsonArray a = new JsonArray();
        history.forEach(m -> a.add(m.toJson()));
        return a;
    }

    EpochMetrics best() {
        for (EpochMetrics m : history) {
            if (m.epoch() == bestEpoch) return m;
        }
        return null;
    }

    static TrainingState read(Path file, Provenance provenance) throws ModelFileException {
        JsonObject p = provenance.toJson();
        if (!p.has(KEY) || !p.get(KEY).isJsonObject()) {
            throw new ModelFileException(file, "is not a training checkpoint (it has no '" + KEY + "' record)", null);
        }
        try {
            JsonObject o = p.getAsJsonObject(KEY);
            TrainingState s = new TrainingState();
            s.epochsDone = o.get("epochs_done").getAsInt();
            s.bestScore = o.has("best_score") ? o.get("best_score").getAsDouble() : Double.NaN;
            s.bestEpoch = o.get("best_epoch").getAsInt();
            s.sinceImprovement = o.get("epochs_without_improvement").getAsInt();
            s.seed = o.get("seed").getAsLong();
            s.runId = o.get("run_id").getAsString();
            JsonElement t = p.get("training");
            if (t != null && t.isJsonObject() && t.getAsJsonObject().has("history")) {
                for (JsonElement e : t.getAsJsonObject().getAsJsonArray("history")) s.history.add(EpochMetrics.fromJson(e.getAsJsonObject()));
            }
            return s;
        } catch (RuntimeException e) {
            throw new ModelFileException(file, "its checkpoint record is damaged (" + e.getMessage() + ")", e);
        }
    }
}
