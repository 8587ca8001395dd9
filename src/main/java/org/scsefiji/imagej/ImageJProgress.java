package org.scsefiji.imagej;

import ij.IJ;
import org.scsefiji.task.ProgressListener;

/**
 * Shows progress in ImageJ's progress bar and status line. Without an ImageJ window (Fiji --headless,
 * ImageJ -batch, plain Java) it prints the same progress as Log lines (standard output when there is
 * no Log window): the first message, then a changed message at most every {@value #LINE_INTERVAL_MS} ms,
 * and the last one.
 */
public final class ImageJProgress implements ProgressListener {
    private static final long LINE_INTERVAL_MS = 2000;
    private final String title;
    private final boolean lines;
    private String lastLine;
    private long lastLineTime;

    public ImageJProgress(String title) {
        this(title, IJ.getInstance() == null);
    }

    ImageJProgress(String title, boolean lines) {
        this.title = title;
        this.lines = lines;
    }

    @Override
    public void progress(double fraction, String message) {
        double f = Math.max(0, Math.min(1, fraction));
        IJ.showProgress(f);
        String text = message == null || message.isEmpty() ? title : title + ": " + message;
        IJ.showStatus(text);
        if (!lines || text.equals(lastLine)) return;
        long now = System.currentTimeMillis();
        if (lastLine == null || f >= 1 || now - lastLineTime >= LINE_INTERVAL_MS) {
            IJ.log(String.format(java.util.Locale.ROOT, "%s [%3.0f%%]", text, 100 * f));
            lastLine = text;
            lastLineTime = now;
        }
    }

    /** Shows progress and always logs the message (not throttled): events users must see. */
    public void event(double fraction, String message) {
        IJ.showProgress(Math.max(0, Math.min(1, fraction)));
        if (message == null || message.isEmpty()) return;
        lastLine = title + ": " + message;
        lastLineTime = System.currentTimeMillis();
        IJ.showStatus(lastLine);
        IJ.log(lastLine);
    }

    /** Always logs (not throttled): results and events users must see. */
    public void log(String message) {
        IJ.log(title + ": " + message);
    }

    /** Clears the progress bar and status line. */
    public void done(String status) {
        IJ.showProgress(1.0);
        IJ.showStatus(status == null ? "" : title + ": " + status);
    }
}
