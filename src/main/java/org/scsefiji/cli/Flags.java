package org.scsefiji.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Option;

/**
 * The command-line flags of a subcommand, derived from its {@link Operation}: {@code --tile-size N} (or
 * {@code --tile_size N}, {@code --tile-size=N}) for option {@code tile_size}; a yes/no option is a bare
 * {@code --probabilities} (or {@code --probabilities=false}). Older spellings listed as aliases also
 * work ({@code --tile}). Unknown flags, repeated flags, missing required ones and bad values are
 * {@link UsageException}s naming the flag and the value (exit code 2). Public for the other entry points that take
 * the same flags ({@code spark.SegmentJob}).
 */
public final class Flags {
    private Flags() {
    }

    /** The values given, by option key, each checked against its option. */
    public static Map<String, String> parse(Operation operation, String[] args, int from) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() < 3) throw new UsageException("Unexpected argument '" + a + "': options start with --");
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            String flagName = name;
            Option o = operation.find(name.replace('-', '_'))
                    .orElseThrow(() -> new UsageException("Unknown option '--" + flagName + "'"));
            if (value == null) {
                if (o.type() == Option.Type.BOOLEAN) {
                    value = "true";
                } else {
                    if (i + 1 >= args.length) throw new UsageException("Option " + o.flag() + " needs a value");
                    value = args[++i];
                }
            }
            if (values.containsKey(o.key())) throw new UsageException("Option " + o.flag() + " is given twice");
            try {
                values.put(o.key(), o.check(value));
            } catch (IllegalArgumentException e) {
                throw new UsageException("Option --" + flagName + " '" + value + "': " + e.getMessage());
            }
        }
        for (Option o : operation.options()) {
            if (o.isRequired() && (values.get(o.key()) == null || values.get(o.key()).isEmpty())) {
                throw new UsageException("Option " + o.flag() + " is required (" + o.help() + ")");
            }
        }
        return values;
    }

    /** One line per option for --help: flag, value word, help text, default. */
    public static String usage(Operation operation) {
        StringBuilder sb = new StringBuilder();
        for (Option o : operation.options()) {
            String flag = o.flag() + (o.type() == Option.Type.BOOLEAN ? "" : " " + word(o));
            String def = o.isRequired() ? " (required)" : o.defaultValue().isEmpty() || o.defaultValue().equals("false") ? ""
                    : " (default " + o.defaultValue() + ")";
            String choices = o.type() == Option.Type.CHOICE && !o.help().contains(o.choices().get(0)) ? " [" + String.join(", ", o.choices()) + "]" : "";
            sb.append(String.format(Locale.ROOT, "  %-24s %s%s%s%n", flag, o.help(), choices, def));
            if (!o.aliases().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "  %-24s also --%s%n", "", String.join(", --", o.aliases())));
            }
        }
        return sb.toString();
    }

    private static String word(Option o) {
        switch (o.type()) {
            case INTEGER:
                return "N";
            case NUMBER:
                return "X";
            case FOLDER:
                return "DIR";
            case FILE:
                return "FILE";
            case MODEL:
                return "M";
            case CHOICE:
                return "C";
            default:
                return "TEXT";
        }
    }
}
