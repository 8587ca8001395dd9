package org.scsefiji.train;

/**
 * The time-left estimate and the progress fraction of a training run: the median step time ({@link StepTimer})
 * times the steps still to come, plus one validation pass per epoch still to come at the last one's duration.
 */
final class TimeLeft {
    private final StepTimer timer = new StepTimer();
    private double stepSeconds = Double.NaN;
    private double validationSeconds;

    void stepTook(double seconds) {
        timer.add(seconds);
        stepSeconds = timer.secondsPerStep();
    }

    void validationTook(double seconds) {
        validationSeconds = seconds;
    }

    /** Seconds left after {@code stepsDone} steps of 0-based {@code epoch}; NaN before the first step. */
    double seconds(int epoch, int stepsDone, int epochs, int steps) {
        if (Double.isNaN(stepSeconds)) return Double.NaN;
        int epochsAfter = epochs - epoch - 1;
        return (steps - stepsDone) * stepSeconds + epochsAfter * (steps * stepSeconds + validationSeconds)
                + (stepsDone == steps ? 0 : validationSeconds);
    }

    /** The part of the run done after {@code stepsDone} steps of 0-based {@code epoch}, 0 to 1. */
    static double fraction(int epoch, int stepsDone, int epochs, int steps) {
        return Math.min(1, ((double) epoch * steps + stepsDone) / ((double) epochs * steps));
    }
}
