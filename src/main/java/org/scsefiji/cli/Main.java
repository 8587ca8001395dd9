package org.scsefiji.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.scsefiji.engine.EngineUnavailableException;

/** Entry point of target/scse.jar: {@code java -jar scse.jar <subcommand> [options]}. */
public final class Main {
    private static final List<Subcommand> SUBCOMMANDS = List.of(new SummaryCommand(), new TrainCommand(), new SegmentCommand(),
            new MeasureCommand(), new EvaluateCommand(), new BenchCommand(), new ExportCommand());

    private Main() {
    }

    public static void main(String[] args) {
        OptionalInt relaunched = Relaunch.withOneMallocArena(Main.class, args);
        System.exit(relaunched.isPresent() ? relaunched.getAsInt() : run(args, System.out, System.err));
    }

    /** Runs a subcommand; returns 0 on success, 1 when the work failed, 2 for a bad command line. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Subcommand> byName = new LinkedHashMap<>();
        SUBCOMMANDS.forEach(s -> byName.put(s.name(), s));
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            err.print(overview(byName));
            return args.length == 0 ? 2 : 0;
        }
        Subcommand cmd = byName.get(args[0]);
        if (cmd == null) {
            err.println("Unknown subcommand '" + args[0] + "'.");
            err.print(overview(byName));
            return 2;
        }
        try {
            if (args.length > 1 && (args[1].equals("--help") || args[1].equals("-h"))) {
                out.print(usage(cmd));
                return 0;
            }
            return cmd.run(args, out, err);
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            err.print(usage(cmd));
            return 2;
        } catch (EngineUnavailableException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private static String overview(Map<String, Subcommand> byName) {
        StringBuilder sb = new StringBuilder("usage: java -jar scse.jar <subcommand> [options]\n\nsubcommands:\n");
        byName.values().forEach(s -> sb.append(String.format("  %-10s %s%n", s.name(), s.description())));
        sb.append("\n'java -jar scse.jar <subcommand> --help' lists the options of one subcommand.\n");
        return sb.toString();
    }

    private static String usage(Subcommand cmd) {
        return "usage: java -jar scse.jar " + cmd.name() + " [options]\n" + cmd.usage();
    }
}
