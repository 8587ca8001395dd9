package org.scsefiji.train;

import ai.djl.training.tracker.Tracker;

/**
 * Step decay by epoch: lr(e) = lr0 x factor^floor(e / step) for 0-based epoch e (TMI: 0.01, divided by
 * 10 every 10 epochs). It follows the epoch the trainer sets, not DJL's update counter, so a resumed run
 * continues the schedule where it stopped.
 */
public final class LearningRateSchedule implements Tracker {
    private final float initial;
    private final int step;
    private final float factor;
    private volatile int epoch;

    /** @param step epochs between drops; 0 = constant */
    public LearningRateSchedule(float initial, int step, float factor) {
        this.initial = initial;
        this.step = step;
        this.factor = factor;
    }

    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** The learning rate of 0-based epoch {@code e}. */
    public float at(int e) {
        return step <= 0 ? initial : (float) (initial * Math.pow(factor, e / step));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return at(epoch);
    }
}
