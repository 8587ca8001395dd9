package org.scsefiji.io;

import java.nio.file.Path;

/** The one rule for naming results after an input: its name without the file extension. */
public final class FileNames {
    /** The longest text after the last dot that counts as an extension (".tiff", ".jpeg"). */
    private static final int MAX_EXTENSION = 4;

    private FileNames() {
    }

    /**
     * {@code name} without its extension: the last dot and up to four letters or digits after it ("a.b.tif" gives
     * "a.b"). A name starting with its only dot (".hidden"), or whose last dot is followed by anything else
     * (a window title "Result of 1.5 threshold"), is kept whole.
     */
    public static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || name.length() - dot - 1 > MAX_EXTENSION || name.length() - dot - 1 < 1) return name;
        for (int i = dot + 1; i < name.length(); i++) {
            if (!Character.isLetterOrDigit(name.charAt(i))) return name;
        }
        return name.substring(0, dot);
    }

    /** The file name of {@code file} without its extension. */
    public static String baseName(Path file) {
        return baseName(file.getFileName().toString());
    }
}
