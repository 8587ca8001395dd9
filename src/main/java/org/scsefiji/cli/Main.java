package org.scsefiji.cli;

/** Entry point of target/scse.jar: {@code java -jar scse.jar <subcommand> [options]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        System.err.println("usage: java -jar scse.jar <summary|train|evaluate|segment|bench> [options]");
        return 2;
    }
}
