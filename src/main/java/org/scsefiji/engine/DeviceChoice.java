package org.scsefiji.engine;

import java.util.Locale;

/** Which device a user asks for: a GPU when DJL sees one (auto), or forced. */
public enum DeviceChoice {
    AUTO,
    CPU,
    GPU;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeviceChoice parse(String text) {
        for (DeviceChoice d : values()) {
            if (d.name().equalsIgnoreCase(text == null ? "" : text.trim())) return d;
        }
        throw new IllegalArgumentException("Unknown device '" + text + "': choose one of auto, cpu, gpu.");
    }
}
