package org.scsefiji.cli;

/** A command line the program cannot accept: printed with the usage, exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
