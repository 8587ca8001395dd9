package org.scsefiji.model;

import java.util.ArrayList;
import java.util.List;

/** Default class lists: the retinal layers of ReLayNet, and generic names with distinct colours. */
public final class ClassPalettes {
    private ClassPalettes() {
    }

    /** Distinct, colour-blind-friendly-ish colours; class 0 is black. */
    private static final String[] COLORS = {
        "#000000", "#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#46f0f0",
        "#f032e6", "#bcf60c", "#fabebe", "#008080", "#e6beff", "#9a6324", "#fffac8", "#800000",
        "#aaffc3", "#808000", "#ffd8b1", "#000075", "#808080"};

    /** The 10 classes of the Duke DME / ReLayNet labels (0 above ILM ... 8 below Bruch's membrane, 9 fluid). */
    public static List<ClassInfo> retinalLayers() {
        String[][] c = {
            {"vitreous (above ILM)", "#000000", "bg"},
            {"NFL", "#e6194b", ""},
            {"GCL+IPL", "#3cb44b", ""},
            {"INL", "#ffe119", ""},
            {"OPL", "#4363d8", ""},
            {"ONL+ISM", "#f58231", ""},
            {"ISE", "#911eb4", ""},
            {"OS+RPE", "#46f0f0", ""},
            {"choroid (below BM)", "#404040", "bg"},
            {"fluid", "#00a0ff", ""}};
        List<ClassInfo> list = new ArrayList<>();
        for (int i = 0; i < c.length; i++) list.add(new ClassInfo(i, c[i][0], c[i][1], !c[i][2].isEmpty()));
        return list;
    }

    /** Class 0 "background" (a background class), then "class 1" ... with distinct colours. */
    public static List<ClassInfo> generic(int count) {
        if (count < 2) throw new IllegalArgumentException("A segmentation needs at least 2 classes, got " + count);
        List<ClassInfo> list = new ArrayList<>();
        list.add(new ClassInfo(0, "background", COLORS[0], true));
        for (int i = 1; i < count; i++) {
            String color = i < COLORS.length ? COLORS[i] : String.format("#%06x", (i * 0x9E3779B1L) & 0xffffff);
            list.add(new ClassInfo(i, "class " + i, color, false));
        }
        return list;
    }

    /** The classes made from object-id labels: background, object, and (3 and 4 classes) each object's outline, (4) its core. */
    public static List<ClassInfo> objects(int count) {
        if (count < 2 || count > 4) throw new IllegalArgumentException("Object labels make 2 to 4 classes, got " + count);
        List<ClassInfo> list = new ArrayList<>(generic(count));
        list.set(1, new ClassInfo(1, "object", list.get(1).color(), false));
        if (count >= 3) list.set(2, new ClassInfo(2, "outline", list.get(2).color(), false));
        if (count == 4) list.set(3, new ClassInfo(3, "core", list.get(3).color(), false));
        return list;
    }
}
