package org.scsefiji.task;

import java.io.IOException;
import org.scsefiji.engine.EngineUnavailableException;

/** Failures in words for users (the commands cancel with them, the ImageJ 1 entry point logs them). */
public final class UserMessages {
    private UserMessages() {
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
