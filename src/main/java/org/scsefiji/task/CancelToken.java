package org.scsefiji.task;

/** Lets a user stop a long operation; the operation checks it between steps and stops cleanly. */
public final class CancelToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link CancelledException} if cancel was requested. */
    public void check() {
        if (cancelled) throw new CancelledException();
    }
}
