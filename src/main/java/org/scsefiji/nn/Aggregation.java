package org.scsefiji.nn;

/** How scSE joins its cSE and sSE outputs (TMI II-C). */
public enum Aggregation {
    /** Element-wise maximum ("max-out"), the paper's default. */
    MAX,
    ADD,
    MULTIPLY,
    /** Channel concatenation: the block outputs 2C channels. */
    CONCAT;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Aggregation parse(String text) {
        return Choices.parse(Aggregation.class, text, "aggregation");
    }
}
