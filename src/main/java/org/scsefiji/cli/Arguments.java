package org.scsefiji.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Options of one subcommand: {@code --name value} pairs and bare {@code --flag}s. Dashes and
 * underscores in names are the same ({@code --batch-size} = {@code --batch_size}); every option must
 * be one the subcommand knows, so a typo is reported instead of silently ignored.
 */
final class Arguments {
    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * @param options the option names taking a value (snake_case)
     * @param flags the option names taking no value
     */
    Arguments(String[] args, int from, Set<String> options, Set<String> flags) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() < 3) throw new UsageException("Unexpected argument '" + a + "': options start with --");
            String name = a.substring(2).replace('-', '_');
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = a.substring(2 + eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                // a bare flag means true; --flag=false says no explicitly
                if (value != null && !value.equals("true") && !value.equals("false")) {
                    throw new UsageException("Option --" + name + " is true or false, got '" + value + "'");
                }
                values.put(name, value == null ? "true" : value);
            } else if (options.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) throw new UsageException("Option --" + name + " needs a value");
                    value = args[++i];
                }
                if (values.containsKey(name)) throw new UsageException("Option --" + name + " is given twice");
                values.put(name, value);
            } else {
                throw new UsageException("Unknown option '" + a + "'");
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) throw new UsageException("Option --" + name.replace('_', '-') + " is required");
        return v;
    }

    boolean flag(String name) {
        return "true".equals(values.get(name));
    }

    /** Every option given, by name (aliases not resolved). */
    java.util.Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(values);
    }

    int integer(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new UsageException("Option --" + name + " must be between " + min + " and " + max + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("Option --" + name + " needs a whole number, got '" + v + "'");
        }
    }

    double number(String name, double fallback, double min, double max) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= min && d <= max)) throw new UsageException("Option --" + name + " must be between " + min + " and " + max + ", got " + v);
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("Option --" + name + " needs a number, got '" + v + "'");
        }
    }

    Path path(String name) {
        return Paths.get(required(name));
    }

    /** Parses with {@code parser}; its IllegalArgumentException becomes a usage error naming the option. */
    <T> T parsed(String name, String fallback, java.util.function.Function<String, T> parser) {
        String v = values.getOrDefault(name, fallback);
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("Option --" + name + ": " + e.getMessage());
        }
    }
}
