package org.scsefiji.imagej;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values of one run of an action, by macro key, as text. Getters check each value against its
 * {@link Option} and throw {@link IllegalArgumentException} with a message naming the key, because
 * neither SciJava nor ImageJ 1 validate choices or numbers given in macros.
 */
public final class OptionValues {
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    private OptionValues(List<Option> options) {
        for (Option o : options) {
            if (this.options.put(o.key(), o) != null) throw new IllegalArgumentException("Option " + o.key() + " is listed twice");
            values.put(o.key(), o.defaultValue());
        }
    }

    /** Every option at its default. */
    public static OptionValues defaults(List<Option> options) {
        return new OptionValues(options);
    }

    /**
     * Reads an ImageJ 1 macro options string ({@code key=value key=[value with spaces] flag}). As in
     * ImageJ 1 dialogs, a boolean is true when its bare key is present and false when absent;
     * {@code key=true} and {@code key=false} (SciJava's recorded form) are accepted too. Unlike ImageJ 1,
     * an unknown or repeated key is an error instead of being silently ignored.
     */
    public static OptionValues fromMacro(List<Option> options, String macro) {
        OptionValues v = new OptionValues(options);
        for (Option o : options) {
            if (o.kind() == Option.Kind.BOOLEAN) v.values.put(o.key(), "false");
        }
        List<String> seen = new ArrayList<>();
        for (String[] t : tokens(macro)) {
            String key = t[0], value = t[1];
            Option o = v.options.get(key);
            if (o == null) throw new IllegalArgumentException(unknownKey(key, v.options.keySet()));
            if (seen.contains(key)) throw new IllegalArgumentException("Option " + key + " is given twice");
            seen.add(key);
            if (value == null) {
                if (o.kind() != Option.Kind.BOOLEAN) throw new IllegalArgumentException("Option " + key + " needs a value: " + key + "=...");
                value = "true";
            }
            v.values.put(key, value);
        }
        return v;
    }

    /**
     * Free key=value text (e.g. training_options) as an ordered map; a bare word means "true". A key
     * given twice is an error.
     */
    public static Map<String, String> pairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] t : tokens(text)) {
            if (out.put(t[0], t[1] == null ? "true" : t[1]) != null) throw new IllegalArgumentException("Option " + t[0] + " is given twice");
        }
        return out;
    }

    /** Splits ImageJ 1 macro options into {key, value} ({key, null} for a bare word), as Macro.getValue reads them. */
    private static List<String[]> tokens(String text) {
        List<String[]> out = new ArrayList<>();
        String s = text == null ? "" : text;
        int i = 0;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
            String key = s.substring(start, i);
            String value = null;
            if (i < s.length() && s.charAt(i) == '=') {
                i++;
                if (i < s.length() && s.charAt(i) == '[') {
                    int depth = 1, from = ++i;
                    while (i < s.length() && depth > 0) {
                        if (s.charAt(i) == '[') depth++;
                        else if (s.charAt(i) == ']') depth--;
                        i++;
                    }
                    if (depth > 0) throw new IllegalArgumentException("The value of " + key + " opens '[' but never closes it with ']'");
                    value = s.substring(from, i - 1);
                } else {
                    int from = i;
                    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) i++;
                    value = s.substring(from, i);
                }
            }
            if (key.isEmpty()) throw new IllegalArgumentException("Macro options have a value without a key near '" + s.substring(start) + "'");
            out.add(new String[] {key, value});
        }
        return out;
    }

    private static String unknownKey(String key, java.util.Set<String> known) {
        String hint = known.contains(key.toLowerCase(Locale.ROOT)) ? " (keys are lower case: " + key.toLowerCase(Locale.ROOT) + ")"
                : known.contains(camelToSnake(key)) ? " (did you mean " + camelToSnake(key) + "?)" : "";
        return "Unknown option '" + key + "'" + hint + ". Options: " + String.join(", ", known);
    }

    private static String camelToSnake(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Sets an option from a Java value (String, number, Boolean, File, Path or enum); null means empty. */
    public OptionValues set(String key, Object value) {
        if (!options.containsKey(key)) throw new IllegalArgumentException(unknownKey(key, options.keySet()));
        String text;
        if (value == null) text = "";
        else if (value instanceof Enum) text = ((Enum<?>) value).name().toLowerCase(Locale.ROOT);
        else if (value instanceof File) text = ((File) value).getPath();
        else text = value.toString();
        values.put(key, text);
        return this;
    }

    public List<Option> options() {
        return new ArrayList<>(options.values());
    }

    public String text(String key) {
        return option(key) == null ? null : values.get(key).trim();
    }

    public boolean isBlank(String key) {
        return text(key).isEmpty();
    }

    public int integer(String key) {
        double v = number(key);
        if (v != Math.rint(v)) throw new IllegalArgumentException(key + " must be a whole number, got '" + text(key) + "'");
        return (int) v;
    }

    public double number(String key) {
        Option o = option(key);
        double v;
        try {
            v = Double.parseDouble(text(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + text(key) + "'");
        }
        if (!(v >= o.min() && v <= o.max())) {
            throw new IllegalArgumentException(key + " must be between " + format(o.min()) + " and " + format(o.max()) + ", got " + text(key));
        }
        return v;
    }

    public boolean bool(String key) {
        option(key);
        String v = text(key).toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw new IllegalArgumentException(key + " must be true or false, got '" + text(key) + "'");
    }

    /** The chosen word, as listed in the option's choices (matched ignoring case). */
    public String choice(String key) {
        Option o = option(key);
        String v = text(key);
        for (String c : o.choices()) {
            if (c.equalsIgnoreCase(v)) return c;
        }
        throw new IllegalArgumentException("Unknown " + key + " '" + v + "': choose one of " + String.join(", ", o.choices()) + ".");
    }

    /** A path, or null when empty. */
    public Path path(String key) {
        option(key);
        String v = text(key);
        return v.isEmpty() ? null : Paths.get(v);
    }

    /** A folder that must exist. */
    public Path existingFolder(String key) {
        Path p = path(key);
        if (p == null) throw new IllegalArgumentException(key + " is empty: choose a folder");
        if (!p.toFile().isDirectory()) throw new IllegalArgumentException(key + ": " + p + " does not exist or is not a folder");
        return p;
    }

    /**
     * The options as ImageJ 1 records them: {@code key=value} in option order, values with spaces or
     * brackets in {@code [...]}, booleans as a bare key when true and left out when false.
     */
    public String toMacro() {
        return toMacro(false);
    }

    /** The options as Fiji records a SciJava command: like {@link #toMacro()} but booleans as key=true|false. */
    public String toSciJavaMacro() {
        return toMacro(true);
    }

    /** A macro line {@code run("command", "options");} with the quotes and backslashes escaped. */
    public static String macroCall(String command, String options) {
        return "run(\"" + command + "\", \"" + options.replace("\\", "\\\\").replace("\"", "\\\"") + "\");";
    }

    private String toMacro(boolean sciJava) {
        List<String> parts = new ArrayList<>();
        for (Option o : options.values()) {
            String v = values.get(o.key());
            if (o.kind() == Option.Kind.BOOLEAN) {
                boolean on = v.trim().equalsIgnoreCase("true");
                if (sciJava) parts.add(o.key() + "=" + on);
                else if (on) parts.add(o.key());
            } else {
                parts.add(o.key() + "=" + (v.isEmpty() || v.matches(".*[\\s\\[\\]].*") ? "[" + v + "]" : v));
            }
        }
        return String.join(" ", parts);
    }

    /** key=value pairs for logs. */
    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private Option option(String key) {
        Option o = options.get(key);
        if (o == null) throw new IllegalStateException("No option " + key);
        return o;
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
