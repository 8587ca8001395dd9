package org.scsefiji.io.vol;

import java.io.IOException;
import java.nio.file.Path;

/** A file is not a readable Heidelberg .vol file; the message names the file and says what is wrong. */
public class VolFormatException extends IOException {
    private final transient Path file;
    private final String problem;

    public VolFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
