package org.scsefiji.nn;

/** The encoder-decoder networks scSE blocks are built into (TMI III-B, ReLayNet, FocusNet++). */
public enum Architecture {
    UNET,
    SDNET,
    FCDENSENET,
    RELAYNET,
    FOCUSNETPP;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Architecture parse(String text) {
        return Choices.parse(Architecture.class, text, "architecture");
    }
}
