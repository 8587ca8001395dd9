package org.scsefiji.train;

import java.util.Arrays;

/**
 * Seconds per training step for the time-left estimate: the median of the recent steps, so that one very
 * long step (the computer slept, the process was paused, the first step warmed up) does not distort it.
 */
final class StepTimer {
    private final double[] recent = new double[64];
    private int count;

    void add(double seconds) {
        recent[count++ % recent.length] = seconds;
    }

    /** NaN before the first step. */
    double secondsPerStep() {
        int n = Math.min(count, recent.length);
        if (n == 0) return Double.NaN;
        double[] sorted = Arrays.copyOf(recent, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
