package org.scsefiji.imagej;

import ij.IJ;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import org.scsefiji.engine.EngineUnavailableException;

/** How actions tell users that something failed: always in the Log, and in a dialog when there is a display. */
public final class UserMessages {
    private UserMessages() {
    }

    /**
     * Logs the error and, with a display, shows it in ImageJ's error dialog (which also stops a running
     * macro, as ImageJ's own commands do).
     */
    public static void error(String title, String message) {
        IJ.log(title + ": ERROR: " + message);
        if (!GraphicsEnvironment.isHeadless()) IJ.error(title, message);
    }

    /** A failure in words for users; unexpected exceptions (bugs) also print their stack trace to the console. */
    public static String describe(Throwable e) {
        boolean expected = e instanceof IllegalArgumentException || e instanceof IOException || e instanceof IllegalStateException
                || e instanceof EngineUnavailableException;
        if (!expected) e.printStackTrace();
        String m = e.getMessage();
        return m == null || m.isBlank() || !expected ? "unexpected error (" + e + "); please report it" : m;
    }
}
