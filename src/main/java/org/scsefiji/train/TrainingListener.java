package org.scsefiji.train;

import org.scsefiji.task.ProgressListener;

/** Receives training events; called on the training thread, so keep it quick (hand work to the UI thread). */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = e -> { };

    void onEvent(TrainingEvent event);

    /** Shows training as plain progress: the run's fraction done and a one-line description. */
    static TrainingListener of(ProgressListener progress) {
        return e -> progress.progress(e.fraction(), e.describe());
    }
}
