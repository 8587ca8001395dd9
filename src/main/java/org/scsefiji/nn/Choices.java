package org.scsefiji.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the option words users type (case-insensitive) into enum constants, with a readable error. */
public final class Choices {
    private Choices() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        if (text != null) {
            String wanted = text.trim();
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(wanted)) return e;
            }
        }
        throw new IllegalArgumentException("Unknown " + what + " '" + text + "': choose one of " + choices(type) + ".");
    }

    /** The choices as users write them, e.g. "none, cse, sse, scse". */
    public static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> type == Placement.class ? e.name() : e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
