package org.scsefiji.imagej;

import ij.IJ;
import org.scsefiji.task.CancelToken;

/**
 * A cancel token that the Esc key trips: ImageJ notes Esc presses (IJ.escapePressed), and a daemon
 * thread polls that flag for as long as the action runs. Windows with their own buttons (the training
 * window) cancel the same token.
 */
public final class EscapeCancel implements AutoCloseable {
    private static final long POLL_MS = 150;
    private final CancelToken token = new CancelToken();
    private final Thread poller;
    private volatile boolean open = true;

    private EscapeCancel() {
        IJ.resetEscape();
        poller = new Thread(() -> {
            while (open && !token.isCancelled()) {
                if (IJ.escapePressed()) token.cancel();
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "scSE Esc watcher");
        poller.setDaemon(true);
        poller.start();
    }

    /** Starts watching Esc; close when the action ends. */
    public static EscapeCancel start() {
        return new EscapeCancel();
    }

    public CancelToken token() {
        return token;
    }

    @Override
    public void close() {
        open = false;
        poller.interrupt();
        IJ.resetEscape();
    }
}
