package org.scsefiji.nn;

/** Which squeeze-and-excitation block recalibrates a feature map (TMI II-A..C). */
public enum SeBlockType {
    /** No recalibration. */
    NONE,
    /** Spatial squeeze, channel excitation. */
    CSE,
    /** Channel squeeze, spatial excitation. */
    SSE,
    /** cSE and sSE together, joined by an {@link Aggregation}. */
    SCSE;

    /** The lower-case word used in model files, the CLI and macros. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static SeBlockType parse(String text) {
        return Choices.parse(SeBlockType.class, text, "SE block");
    }
}
