package org.scsefiji.options;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The chosen value of every option of one run of an {@link Operation}, checked against it: a Settings
 * object only exists when every value is valid and every required option is set, so the getters never
 * fail on a bad value. Errors are {@link IllegalArgumentException}s whose message names the key and the
 * value, because neither SciJava nor ImageJ 1 check choices or numbers given in macros.
 *
 * <p>Three ways in: {@link #fromMacro} (a macro options string, as ImageJ 1 and Fiji pass it),
 * {@link #of} (values by key, e.g. from the fields of a SciJava command or from command-line flags), and
 * {@link #defaults}.
 */
public final class Settings {
    private final Operation operation;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Settings(Operation operation, Map<String, ?> given) {
        this.operation = operation;
        for (Option o : operation.options()) {
            Object raw = given.get(o.key());
            String text = raw == null ? "" : text(raw);
            if (text.isBlank() && raw == null) text = o.defaultValue();
            if (text.isBlank()) {
                if (o.isRequired()) throw new IllegalArgumentException(o.key() + " is required: " + o.help());
                text = o.defaultValue();
            }
            values.put(o.key(), text.isEmpty() ? "" : o.check(text));
        }
        for (String key : given.keySet()) {
            if (!operation.has(key)) throw new IllegalArgumentException(operation.unknownKey(key));
        }
    }

    /** Every option at its default (required ones must then be given with {@link #with}). */
    public static Settings defaults(Operation operation) {
        Map<String, Object> none = new LinkedHashMap<>();
        for (Option o : operation.options()) {
            if (o.isRequired()) none.put(o.key(), "required");
        }
        return new Settings(operation, none);
    }

    /**
     * Values by key: Strings, numbers, Booleans, Files, Paths or enums (written in lower case). A key
     * that is absent or null takes the default; an empty value clears a text, folder or file option and
     * takes the default of a number, choice or boolean. Unknown keys are errors.
     */
    public static Settings of(Operation operation, Map<String, ?> values) {
        return new Settings(operation, values);
    }

    /**
     * Reads a macro options string ({@code key=value key=[value with spaces]}), as ImageJ 1 passes it to
     * a plugin and Fiji to a SciJava command. Yes/no options are written {@code key=true} or
     * {@code key=false}; a bare {@code key} also means true (ImageJ 1's checkbox form). A key left out
     * takes its default, never a value remembered from an earlier run; a required key left out is an
     * error. An unknown, repeated or upper-case key is an error.
     *
     * @param otherInputs keys that are not options but are allowed in the line (e.g. {@code imp}, the image
     *        of a SciJava command)
     */
    public static Settings fromMacro(Operation operation, String macro, Collection<String> otherInputs) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String[] t : MacroText.tokens(macro)) {
            String key = t[0], value = t[1];
            if (otherInputs.contains(key)) continue;
            if (!operation.has(key)) throw new IllegalArgumentException(operation.unknownKey(key));
            Option o = operation.option(key);
            if (given.containsKey(key)) throw new IllegalArgumentException("Option " + key + " is given twice");
            if (value == null) {
                if (o.type() != Option.Type.BOOLEAN) throw new IllegalArgumentException("Option " + key + " needs a value: " + key + "=...");
                value = "true";
            }
            given.put(key, value);
        }
        for (Option o : operation.options()) {
            if (o.isRequired() && !given.containsKey(o.key())) {
                throw new IllegalArgumentException(o.key() + " is missing from the macro line: add " + o.key() + "=... (" + o.help() + ")");
            }
        }
        return new Settings(operation, given);
    }

    /** These settings with one value changed (checked like the others). */
    public Settings with(String key, Object value) {
        Map<String, Object> all = new LinkedHashMap<>(values);
        if (!operation.has(key)) throw new IllegalArgumentException(operation.unknownKey(key));
        all.put(key, value);
        return new Settings(operation, all);
    }

    public Operation operation() {
        return operation;
    }

    /** Every value as text, by key, in the operation's order. */
    public Map<String, String> asMap() {
        return new LinkedHashMap<>(values);
    }

    public String text(String key) {
        return value(key);
    }

    public boolean isBlank(String key) {
        return value(key).isEmpty();
    }

    public int integer(String key) {
        return (int) Long.parseLong(value(key));
    }

    public double number(String key) {
        return Double.parseDouble(value(key));
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(value(key));
    }

    /** The chosen word, as listed in the option's choices. */
    public String choice(String key) {
        return value(key);
    }

    /** A path, or null when empty. */
    public Path path(String key) {
        String v = value(key);
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
     * The settings as a macro options string, the one way they are recorded: {@code key=value} in option
     * order, values with spaces or brackets (and empty ones) in {@code [...]}, yes/no as {@code key=true|false}.
     */
    public String toMacro() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) parts.add(e.getKey() + "=" + MacroText.quote(e.getValue()));
        return String.join(" ", parts);
    }

    /** key=value pairs for logs. */
    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private String value(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalStateException(operation + " has no option " + key);
        return v;
    }

    private static String text(Object value) {
        if (value instanceof Enum) return ((Enum<?>) value).name().toLowerCase(java.util.Locale.ROOT);
        if (value instanceof File) return ((File) value).getPath();
        if (value instanceof Double || value instanceof Float) return Option.format(((Number) value).doubleValue());
        return value.toString();
    }
}
