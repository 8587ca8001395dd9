package org.scsefiji.train;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;

/**
 * The two files of a training run: the model file, which always holds the best model so far (by the monitored
 * score; each save is atomic), and the checkpoint, rewritten after every trained epoch with the
 * {@link TrainingState} that a resumed run continues from.
 */
final class RunFiles {
    /** The provenance of a file written with a status ("training", "checkpoint", "finished", ...). */
    interface Record {
        Provenance provenance(String status);
    }

    final Path output;
    final Path checkpoint;
    private boolean bestSaved;

    RunFiles(Path output, Path checkpoint) {
        this.output = output.toAbsolutePath();
        this.checkpoint = checkpoint.toAbsolutePath();
    }

    /**
     * Records epoch {@code m} in {@code state}; saves the model when its score beats the best so far, and the
     * checkpoint after a trained epoch (epoch 0 is the untrained model's validation).
     */
    void endEpoch(ScseModel model, EpochMetrics m, TrainingState state, TrainingConfig.Monitor monitor, Record record) throws IOException {
        state.history.add(m);
        double score = !m.hasValidation() ? m.epoch()
                : monitor == TrainingConfig.Monitor.DICE ? m.meanForegroundDice() : -m.validationLoss();
        if (Double.isNaN(score)) score = Double.NEGATIVE_INFINITY;
        boolean trained = m.epoch() > 0;
        if (Double.isNaN(state.bestScore) || score > state.bestScore) {
            state.bestScore = score;
            state.bestEpoch = m.epoch();
            state.sinceImprovement = 0;
            model.setProvenance(record.provenance("training"));
            ModelFile.save(model, output);
            bestSaved = true;
        } else if (trained) {
            state.sinceImprovement++;
        }
        if (trained) {
            model.setProvenance(record.provenance("checkpoint").with(TrainingState.KEY, state.toJson()));
            ModelFile.save(model, checkpoint);
        }
    }

    /** Rewrites the best model's provenance with how the run ended ({@code status}); null when no model was saved. */
    Path finishModel(String status, TrainingState state, Device device, Record record) throws IOException {
        if (!bestSaved && !(Files.exists(output) && state.bestEpoch >= 0)) return null;
        try (ScseModel best = ModelFile.load(output, device)) {
            best.setProvenance(record.provenance(status));
            ModelFile.save(best, output);
        }
        return output;
    }

    /** The checkpoint left after the run: removed when the run ended (not cancelled) unless asked to keep it. */
    Path finishCheckpoint(boolean cancelled, boolean keep) throws IOException {
        if (!Files.exists(checkpoint)) return null;
        if (!cancelled && !keep) {
            Files.delete(checkpoint);
            return null;
        }
        return checkpoint;
    }
}
