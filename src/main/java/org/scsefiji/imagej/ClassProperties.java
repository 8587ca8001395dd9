package org.scsefiji.imagej;

import ij.ImagePlus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.scsefiji.model.ClassInfo;

/**
 * The class list of a label image, kept as ImagePlus string properties so that it survives a TIFF save
 * and can be read from a macro ({@code Property.get("class_names")}): one name per line, and
 * comma-separated indices, colours and background indices in the same order.
 */
public final class ClassProperties {
    public static final String NAMES = "class_names";
    public static final String INDICES = "class_indices";
    public static final String COLORS = "class_colors";
    public static final String BACKGROUND = "background_classes";

    private ClassProperties() {
    }

    public static void store(ImagePlus imp, List<ClassInfo> classes) {
        List<String> names = new ArrayList<>(), indices = new ArrayList<>(), colors = new ArrayList<>(), background = new ArrayList<>();
        for (ClassInfo c : classes) {
            names.add(c.name().replaceAll("[\\r\\n]+", " "));
            indices.add(Integer.toString(c.index()));
            colors.add(c.color());
            if (c.background()) background.add(Integer.toString(c.index()));
        }
        imp.setProp(NAMES, String.join("\n", names));
        imp.setProp(INDICES, String.join(",", indices));
        imp.setProp(COLORS, String.join(",", colors));
        imp.setProp(BACKGROUND, String.join(",", background));
    }

    /** The classes stored by {@link #store}, or empty when the image has none or they do not fit together. */
    public static Optional<List<ClassInfo>> read(ImagePlus imp) {
        String names = imp.getProp(NAMES), indices = imp.getProp(INDICES), colors = imp.getProp(COLORS);
        if (names == null || indices == null || colors == null) return Optional.empty();
        String[] n = names.split("\n", -1), i = indices.split(","), c = colors.split(",");
        if (n.length != i.length || n.length != c.length) return Optional.empty();
        String bg = imp.getProp(BACKGROUND);
        Set<String> background = new HashSet<>(bg == null || bg.isEmpty() ? List.of() : Arrays.asList(bg.split(",")));
        try {
            List<ClassInfo> classes = new ArrayList<>();
            for (int k = 0; k < n.length; k++) {
                classes.add(new ClassInfo(Integer.parseInt(i[k].trim()), n[k], c[k].trim(), background.contains(i[k].trim())));
            }
            return Optional.of(classes);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
