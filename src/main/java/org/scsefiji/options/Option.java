package org.scsefiji.options;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One option of an operation: its key, type, default, bounds or choices, help text and whether it is
 * required. The key is the public name of the option everywhere: the macro key and the field name of the
 * SciJava command ({@code tile_size}), the word of the ImageJ 1 dialog, and the command-line flag
 * ({@code --tile-size}, also {@code --tile_size}). Keys are snake_case and never renamed; an old
 * spelling stays readable as an alias. An Option is immutable: {@link #required()}, {@link #aliases} and
 * {@link #withDefault} return changed copies.
 */
public final class Option {
    public enum Type {
        /** An installed model's name or the path of a model file. */
        MODEL,
        CHOICE,
        TEXT,
        INTEGER,
        NUMBER,
        BOOLEAN,
        FOLDER,
        FILE
    }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final List<String> choices;
    private final double min;
    private final double max;
    private final String help;
    private final boolean required;
    private final List<String> aliases;

    private Option(String key, Type type, String defaultValue, List<String> choices, double min, double max, String help,
            boolean required, List<String> aliases) {
        if (!key.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("Option keys are lower-case snake_case, got " + key);
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.choices = List.copyOf(choices);
        this.min = min;
        this.max = max;
        this.help = help;
        this.required = required;
        this.aliases = List.copyOf(aliases);
        if (!defaultValue.isEmpty()) check(defaultValue);
    }

    private static Option of(String key, Type type, String defaultValue, List<String> choices, double min, double max, String help) {
        return new Option(key, type, defaultValue, choices, min, max, help, false, List.of());
    }

    /** The {@code model} option: an installed model's name or a model file. */
    public static Option model(String help) {
        return of("model", Type.MODEL, "", List.of(), 0, 0, help);
    }

    /** A choice; an empty default means the program chooses (the help text says how). */
    public static Option choice(String key, String defaultValue, List<String> choices, String help) {
        if (!defaultValue.isEmpty() && !choices.contains(defaultValue)) throw new IllegalArgumentException(key + ": default " + defaultValue + " is not a choice");
        return of(key, Type.CHOICE, defaultValue, choices, 0, 0, help);
    }

    /** A choice among an enum's constants, written in lower case ({@code DeviceChoice.AUTO} is "auto"). */
    public static Option choice(String key, Enum<?> defaultValue, String help) {
        return choice(key, defaultValue.name().toLowerCase(Locale.ROOT), keysOf(defaultValue.getDeclaringClass()), help);
    }

    public static Option text(String key, String defaultValue, String help) {
        return of(key, Type.TEXT, defaultValue, List.of(), 0, 0, help);
    }

    public static Option integer(String key, int defaultValue, int min, int max, String help) {
        return of(key, Type.INTEGER, Integer.toString(defaultValue), List.of(), min, max, help);
    }

    public static Option number(String key, double defaultValue, double min, double max, String help) {
        return of(key, Type.NUMBER, format(defaultValue), List.of(), min, max, help);
    }

    public static Option bool(String key, boolean defaultValue, String help) {
        return of(key, Type.BOOLEAN, Boolean.toString(defaultValue), List.of(), 0, 0, help);
    }

    public static Option folder(String key, String help) {
        return of(key, Type.FOLDER, "", List.of(), 0, 0, help);
    }

    public static Option file(String key, String help) {
        return of(key, Type.FILE, "", List.of(), 0, 0, help);
    }

    /** This option, required: a run that leaves it out or empty is an error naming it. */
    public Option required() {
        return new Option(key, type, defaultValue, choices, min, max, help, true, aliases);
    }

    /** This option, not required, with other help text (e.g. a Fiji variant where empty means the active image). */
    public Option optional(String newHelp) {
        return new Option(key, type, defaultValue, choices, min, max, newHelp, false, aliases);
    }

    /** This option, also read under older names (command-line spellings such as {@code tile} for {@code tile_size}). */
    public Option aliases(String... names) {
        return new Option(key, type, defaultValue, choices, min, max, help, required, Arrays.asList(names));
    }

    /** This option with another default (e.g. fewer epochs for fine-tuning) and help text. */
    public Option withDefault(String value, String newHelp) {
        return new Option(key, type, value, choices, min, max, newHelp, required, aliases);
    }

    /** The lower-case names of an enum's constants, the choice words users type. */
    public static List<String> keysOf(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.toList());
    }

    /**
     * The value as this option stores it, or an {@link IllegalArgumentException} that names the key and
     * the value: numbers within bounds, whole numbers for integers, one of the choices (matched ignoring
     * case, returned as listed), true or false for booleans. Empty text is accepted (= not set) except
     * for numbers, choices and booleans.
     */
    public String check(String text) {
        String v = text == null ? "" : text.trim();
        switch (type) {
            case CHOICE:
                for (String c : choices) {
                    if (c.equalsIgnoreCase(v)) return c;
                }
                throw new IllegalArgumentException("Unknown " + key + " '" + v + "': choose one of " + String.join(", ", choices) + ".");
            case BOOLEAN: {
                String b = v.toLowerCase(Locale.ROOT);
                if (b.equals("true") || b.equals("false")) return b;
                throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
            }
            case INTEGER:
            case NUMBER: {
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a " + (type == Type.INTEGER ? "whole number" : "number") + ", got '" + v + "'");
                }
                if (type == Type.INTEGER && d != Math.rint(d)) throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
                if (!(d >= min && d <= max)) {
                    throw new IllegalArgumentException(key + " must be between " + format(min) + " and " + format(max) + ", got " + v);
                }
                return type == Type.INTEGER ? Long.toString((long) d) : v;
            }
            default:
                return v;
        }
    }

    public String key() {
        return key;
    }

    /** The command-line flag: {@code --tile-size}. */
    public String flag() {
        return "--" + key.replace('_', '-');
    }

    public Type type() {
        return type;
    }

    /** The default as text; empty for none. */
    public String defaultValue() {
        return defaultValue;
    }

    public List<String> choices() {
        return choices;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** What the option means, in words for users (dialogs, --help, errors). */
    public String help() {
        return help;
    }

    public boolean isRequired() {
        return required;
    }

    /** Older names this option is also read under (lower-case snake_case). */
    public List<String> aliases() {
        return aliases;
    }

    /** Whether {@code name} is this option's key or one of its aliases (exactly: keys are case-sensitive). */
    public boolean isNamed(String name) {
        return key.equals(name) || aliases.contains(name);
    }

    @Override
    public String toString() {
        return key;
    }

    static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
