package org.scsefiji.train;

import java.nio.file.Path;
import java.util.List;

/** How a training run ended and what it left on disk. */
public final class TrainingResult {
    public enum Stop {
        /** All epochs ran. */
        FINISHED,
        /** Validation stopped improving for {@code patience} epochs. */
        EARLY_STOPPED,
        /** Cancelled by the user; the model file holds the best model validated so far (if any). */
        CANCELLED
    }

    private final Stop stop;
    private final Path model;
    private final Path checkpoint;
    private final int epochsDone;
    private final EpochMetrics best;
    private final List<EpochMetrics> history;

    TrainingResult(Stop stop, Path model, Path checkpoint, int epochsDone, EpochMetrics best, List<EpochMetrics> history) {
        this.stop = stop;
        this.model = model;
        this.checkpoint = checkpoint;
        this.epochsDone = epochsDone;
        this.best = best;
        this.history = List.copyOf(history);
    }

    public Stop stop() {
        return stop;
    }

    /** The model file (the best model), or null if a cancel came before any model was saved. */
    public Path model() {
        return model;
    }

    /** The checkpoint to resume from, or null when it was removed after a finished run. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** Epochs completed, counting those before a resume. */
    public int epochsDone() {
        return epochsDone;
    }

    /** The epoch whose weights are in the model file, or null if none was saved. */
    public EpochMetrics best() {
        return best;
    }

    /** Every epoch's metrics, epoch 0 (before training) first when there is validation data. */
    public List<EpochMetrics> history() {
        return history;
    }

    @Override
    public String toString() {
        return stop + " after " + epochsDone + " epochs; model " + model + (best == null ? "" : "; best " + best);
    }
}
