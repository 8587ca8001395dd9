package org.scsefiji.nn;

/** Which encoder output feeds the skip connection (TMI Fig. 2). */
public enum SkipMode {
    /** From the SE-recalibrated encoder output (configuration 1, default). */
    RECALIBRATED,
    /** From the encoder output before SE (configuration 2). */
    UNCALIBRATED;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static SkipMode parse(String text) {
        return Choices.parse(SkipMode.class, text, "skip");
    }
}
