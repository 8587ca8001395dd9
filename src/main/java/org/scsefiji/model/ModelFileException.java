package org.scsefiji.model;

import java.io.IOException;
import java.nio.file.Path;

/** A model file cannot be read or written; the message names the file and the problem. */
public class ModelFileException extends IOException {
    public ModelFileException(Path file, String problem, Throwable cause) {
        super("Model file " + file + ": " + problem, cause);
    }
}
