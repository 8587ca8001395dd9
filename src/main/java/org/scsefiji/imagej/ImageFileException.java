package org.scsefiji.imagej;

import java.io.IOException;
import java.nio.file.Path;

/** An image file cannot be read or written; the message names the file and says what to do. */
public class ImageFileException extends IOException {
    public ImageFileException(Path file, String problem) {
        this(file, problem, null);
    }

    public ImageFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
