package org.scsefiji.task;

/** Receives progress of a long operation; the Fiji layer shows it in the status bar, the CLI prints lines. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (fraction, message) -> { };

    /**
     * @param fraction done so far, 0..1
     * @param message what is happening, in words for users (may be empty)
     */
    void progress(double fraction, String message);
}
