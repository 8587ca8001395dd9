package org.scsefiji.model;

import java.awt.Color;
import java.util.Objects;

/** One output class of a network: its id in label images, a name people recognise, a display colour. */
public final class ClassInfo {
    /** Label value meaning "not annotated": left out of every loss term and metric, never a class index. */
    public static final int IGNORE_LABEL = 255;

    private final int index;
    private final String name;
    /** "#rrggbb". */
    private final String color;
    /** Background classes are left out of the mean foreground Dice and of overlays. */
    private final boolean background;

    public ClassInfo(int index, String name, String color, boolean background) {
        if (index < 0) throw new IllegalArgumentException("Class index must be >= 0, got " + index);
        if (name == null || name.isBlank()) throw new IllegalArgumentException("Class " + index + " has no name");
        parseColor(color, index);
        this.index = index;
        this.name = name;
        this.color = color.toLowerCase(java.util.Locale.ROOT);
        this.background = background;
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public String color() {
        return color;
    }

    public Color awtColor() {
        return parseColor(color, index);
    }

    public boolean background() {
        return background;
    }

    private static Color parseColor(String hex, int index) {
        if (hex == null || !hex.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("Class " + index + " colour must look like #rrggbb, got '" + hex + "'");
        }
        return new Color(Integer.parseInt(hex.substring(1), 16));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClassInfo)) return false;
        ClassInfo c = (ClassInfo) o;
        return index == c.index && background == c.background && name.equals(c.name) && color.equals(c.color);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, color, background);
    }

    @Override
    public String toString() {
        return index + ":" + name;
    }
}
