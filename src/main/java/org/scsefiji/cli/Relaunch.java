package org.scsefiji.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.scsefiji.engine.OneMallocArena;

/**
 * Runs the command line in a child JVM started with one malloc arena when that helps ({@link OneMallocArena}: 19-45 %
 * less time per forward or training step in bench). The child gets the same JVM options, class path and
 * arguments and this process's standard streams; this process waits and exits with the child's code. If the child
 * cannot be started, the command runs here as before.
 */
final class Relaunch {
    private Relaunch() {
    }

    /** The child's exit code, or empty if the command should run in this JVM; the child runs {@code main}'s main. */
    static OptionalInt withOneMallocArena(Class<?> main, String[] args) {
        if (!OneMallocArena.relaunchWanted()) return OptionalInt.empty();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) return OptionalInt.empty();
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put(OneMallocArena.VARIABLE, "1");
        Process child;
        try {
            child = pb.start();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
        // a kill of this process (not only Ctrl-C, which reaches both) ends the child too
        Thread stop = new Thread(child::destroy, "scse-relaunch-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        while (true) {
            try {
                int code = child.waitFor();
                Runtime.getRuntime().removeShutdownHook(stop);
                return OptionalInt.of(code);
            } catch (InterruptedException e) {
                // keep waiting: the child owns the work
            } catch (IllegalStateException e) {
                return OptionalInt.of(child.exitValue()); // shutting down already
            }
        }
    }
}
