package org.scsefiji.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one operation (segment, train, ...) accepts: its options in order, by key. The same Operation
 * drives the command-line flags, the Fiji command's fields (checked by a test), the ImageJ 1 dialog and
 * the validation of every value ({@link Settings}).
 */
public final class Operation {
    private final String name;
    private final String title;
    private final String menu;
    private final Map<String, Option> options = new LinkedHashMap<>();

    /**
     * @param name the command-line subcommand or internal name (snake_case)
     * @param title the menu entry in Fiji ("Segment Folder")
     */
    public Operation(String name, String title, List<Option> options) {
        this(name, title, DEFAULT_MENU, options);
    }

    /** The Fiji menu of most operations: Plugins &gt; scSE. */
    public static final String DEFAULT_MENU = "Plugins>scSE";

    private Operation(String name, String title, String menu, List<Option> options) {
        this.name = name;
        this.title = title;
        this.menu = menu;
        for (Option o : options) {
            if (this.options.put(o.key(), o) != null) throw new IllegalArgumentException(name + ": option " + o.key() + " is listed twice");
        }
        for (Option o : options) {
            for (String alias : o.aliases()) {
                if (this.options.containsKey(alias) || options.stream().filter(x -> x.aliases().contains(alias)).count() > 1) {
                    throw new IllegalArgumentException(name + ": alias " + alias + " of " + o.key() + " is ambiguous");
                }
            }
        }
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    /** The Fiji menu holding the command, e.g. "Plugins>scSE" or "File>Import" (its entry is {@link #title}). */
    public String menu() {
        return menu;
    }

    /** This operation, in another Fiji menu. */
    public Operation inMenu(String newMenu) {
        return new Operation(name, title, newMenu, options());
    }

    public List<Option> options() {
        return new ArrayList<>(options.values());
    }

    public List<String> keys() {
        return new ArrayList<>(options.keySet());
    }

    /** The option with this key (not an alias). */
    public Option option(String key) {
        Option o = options.get(key);
        if (o == null) throw new IllegalArgumentException(name + " has no option " + key);
        return o;
    }

    public boolean has(String key) {
        return options.containsKey(key);
    }

    /** The option a key or an alias names. */
    public Optional<Option> find(String keyOrAlias) {
        Option o = options.get(keyOrAlias);
        if (o != null) return Optional.of(o);
        return options.values().stream().filter(x -> x.isNamed(keyOrAlias)).findFirst();
    }

    /** This operation with more options after its own. */
    public Operation plus(String newName, String newTitle, Option... more) {
        List<Option> all = options();
        all.addAll(List.of(more));
        return new Operation(newName, newTitle, all);
    }

    /** A message for an unknown key: a hint when it differs only in case or is camelCase, and the keys there are. */
    public String unknownKey(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        String hint = options.containsKey(lower) && !lower.equals(key) ? " (keys are lower case: " + lower + ")"
                : options.containsKey(snake) && !snake.equals(key) ? " (did you mean " + snake + "?)" : "";
        return "Unknown option '" + key + "'" + hint + ". Options: " + String.join(", ", options.keySet());
    }

    @Override
    public String toString() {
        return name;
    }
}
