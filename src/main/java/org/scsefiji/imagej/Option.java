package org.scsefiji.imagej;

import java.util.List;
import java.util.Locale;

/**
 * One option of a Fiji action, named by its macro key. The key is the public macro API: it is the
 * field name of the SciJava command, the first word of the ImageJ 1 dialog label and the word in
 * recorded macro lines. Keys are snake_case and never renamed.
 */
public final class Option {
    public enum Kind {
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
    private final Kind kind;
    private final String defaultValue;
    private final List<String> choices;
    private final double min;
    private final double max;
    private final String help;

    private Option(String key, Kind kind, String defaultValue, List<String> choices, double min, double max, String help) {
        if (!key.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("Option keys are lower-case snake_case, got " + key);
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.choices = List.copyOf(choices);
        this.min = min;
        this.max = max;
        this.help = help;
    }

    public static Option model(String help) {
        return new Option("model", Kind.MODEL, "", List.of(), 0, 0, help);
    }

    public static Option choice(String key, String defaultValue, List<String> choices, String help) {
        if (!choices.contains(defaultValue)) throw new IllegalArgumentException(key + ": default " + defaultValue + " is not a choice");
        return new Option(key, Kind.CHOICE, defaultValue, choices, 0, 0, help);
    }

    public static Option text(String key, String defaultValue, String help) {
        return new Option(key, Kind.TEXT, defaultValue, List.of(), 0, 0, help);
    }

    public static Option integer(String key, int defaultValue, int min, int max, String help) {
        return new Option(key, Kind.INTEGER, Integer.toString(defaultValue), List.of(), min, max, help);
    }

    public static Option number(String key, double defaultValue, double min, double max, String help) {
        return new Option(key, Kind.NUMBER, Double.toString(defaultValue), List.of(), min, max, help);
    }

    public static Option bool(String key, boolean defaultValue, String help) {
        return new Option(key, Kind.BOOLEAN, Boolean.toString(defaultValue), List.of(), 0, 0, help);
    }

    public static Option folder(String key, String help) {
        return new Option(key, Kind.FOLDER, "", List.of(), 0, 0, help);
    }

    public static Option file(String key, String help) {
        return new Option(key, Kind.FILE, "", List.of(), 0, 0, help);
    }

    /** The lower-case keys of an enum's constants, the choice words users type. */
    public static List<String> keysOf(Class<? extends Enum<?>> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toList());
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

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

    /** What the option means, in words for users (shown in dialogs and errors). */
    public String help() {
        return help;
    }

    @Override
    public String toString() {
        return key;
    }
}
