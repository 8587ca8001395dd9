package org.scsefiji.train;

import java.util.Locale;

/**
 * One thing that happened during training, for progress bars, logs and live plots. Epochs and steps
 * are 1-based; values that do not apply to a kind of event are NaN, 0 or null.
 */
public final class TrainingEvent {
    public enum Kind {
        /** Reading and checking the data; {@link #message} says which file. */
        PREPARING,
        /** Data checked, network ready; about to train. */
        STARTED,
        /** One optimisation step done. */
        STEP,
        /** An epoch (or the check before training, epoch 0) done; {@link #metrics} holds its results. */
        EPOCH,
        /** Something users should know (no validation data, resuming, early stopping...). */
        MESSAGE,
        /** Training ended (finished, stopped early or cancelled); see the result. */
        FINISHED
    }

    private final Kind kind;
    private final int epoch;
    private final int epochs;
    private final int step;
    private final int steps;
    private final double loss;
    private final EpochMetrics metrics;
    private final double secondsLeft;
    private final double fraction;
    private final String message;

    TrainingEvent(Kind kind, int epoch, int epochs, int step, int steps, double loss, EpochMetrics metrics,
            double secondsLeft, double fraction, String message) {
        this.kind = kind;
        this.epoch = epoch;
        this.epochs = epochs;
        this.step = step;
        this.steps = steps;
        this.loss = loss;
        this.metrics = metrics;
        this.secondsLeft = secondsLeft;
        this.fraction = fraction;
        this.message = message == null ? "" : message;
    }

    static TrainingEvent message(Kind kind, double fraction, String message) {
        return new TrainingEvent(kind, 0, 0, 0, 0, Double.NaN, null, Double.NaN, fraction, message);
    }

    public Kind kind() {
        return kind;
    }

    /** Current epoch, 1-based (0 = before training). */
    public int epoch() {
        return epoch;
    }

    /** The configured maximum number of epochs. */
    public int epochs() {
        return epochs;
    }

    /** Step within the epoch, 1-based. */
    public int step() {
        return step;
    }

    /** Steps per epoch. */
    public int steps() {
        return steps;
    }

    /** Mean training loss of the epoch so far (STEP, EPOCH). */
    public double loss() {
        return loss;
    }

    /** The finished epoch's results (EPOCH), else null. */
    public EpochMetrics metrics() {
        return metrics;
    }

    /** Estimated seconds until the last epoch ends, NaN while unknown. */
    public double secondsLeft() {
        return secondsLeft;
    }

    /** Progress of the whole run, 0..1. */
    public double fraction() {
        return fraction;
    }

    public String message() {
        return message;
    }

    /** One line for a status bar or a log. */
    public String describe() {
        switch (kind) {
            case STEP:
                return String.format(Locale.ROOT, "Epoch %d/%d, step %d/%d, loss %.4f%s", epoch, epochs, step, steps, loss,
                        timeLeft());
            case EPOCH:
                if (metrics.epoch() == 0) {
                    return String.format(Locale.ROOT, "Before training: validation loss %.4f, mean Dice %.4f",
                            metrics.validationLoss(), metrics.meanForegroundDice());
                }
                return String.format(Locale.ROOT, "Epoch %d/%d: loss %.4f", epoch, epochs, metrics.trainingLoss())
                        + (metrics.hasValidation() ? String.format(Locale.ROOT, ", validation loss %.4f, mean Dice %.4f",
                                metrics.validationLoss(), metrics.meanForegroundDice()) : "")
                        + timeLeft();
            default:
                return message;
        }
    }

    private String timeLeft() {
        if (Double.isNaN(secondsLeft)) return "";
        long s = Math.round(secondsLeft);
        return s >= 120 ? ", " + (s + 30) / 60 + " min left" : ", " + s + " s left";
    }

    @Override
    public String toString() {
        return kind + ": " + describe();
    }
}
