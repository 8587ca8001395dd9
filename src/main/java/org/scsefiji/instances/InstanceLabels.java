package org.scsefiji.instances;

import java.util.Arrays;

/** One 2-D plane of object ids: 0 = background, 1..count, x fastest. */
public final class InstanceLabels {
    private final int width;
    private final int height;
    private final int[] labels;
    private final int count;

    public InstanceLabels(int width, int height, int[] labels, int count) {
        if ((long) width * height != labels.length) throw new IllegalArgumentException(width + " x " + height + " pixels but " + labels.length + " labels");
        this.width = width;
        this.height = height;
        this.labels = labels;
        this.count = count;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The ids, x fastest (the array itself, not a copy). */
    public int[] labels() {
        return labels;
    }

    /** Objects: ids run from 1 to this. */
    public int count() {
        return count;
    }

    /**
     * Each object's area in pixels, indexed by id (index 0 and ids that do not occur: 0), of an id image whose
     * ids run from 1 to at most {@code maxId}; values below 1 are not objects.
     */
    public static int[] areas(int[] ids, int maxId) {
        int[] area = new int[maxId + 1];
        for (int v : ids) if (v > 0) area[v]++;
        return area;
    }

    /**
     * The median of the objects' areas in pixels (the lower middle one for an even count; ids that do not occur
     * do not count) of an id image whose ids run from 1 to at most {@code maxId}; 0 without objects.
     */
    public static int medianArea(int[] ids, int maxId) {
        int[] area = areas(ids, maxId);
        int[] sorted = Arrays.stream(area, 1, area.length).filter(a -> a > 0).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
    }
}
