package org.scsefiji.cli;

import java.io.PrintStream;

/** One subcommand of {@code java -jar scse.jar}. */
interface Subcommand {
    String name();

    /** One line saying what it does. */
    String description();

    /** The options, one per line, for the usage message. */
    String usage();

    /** Runs; returns the exit code. Throws {@link UsageException} for bad options. */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
