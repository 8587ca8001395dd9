package org.scsefiji.task;

/** Thrown where a cancelled operation stops; callers treat it as a normal end, not an error. */
public class CancelledException extends RuntimeException {
    public CancelledException() {
        super("Cancelled by the user");
    }
}
