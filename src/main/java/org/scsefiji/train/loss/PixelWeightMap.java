package org.scsefiji.train.loss;

/** Per-pixel loss weights of one 2-D label slice, computed once when the slice is loaded. */
public interface PixelWeightMap {
    /** True if {@link #compute} reads object ids (instance labels); false if it reads training class ids. */
    boolean readsObjectIds();

    /** Weights of a label slice stored row after row (x fastest). */
    float[] compute(int[] labels, int width, int height);

    /** @throws IllegalArgumentException unless {@code labels} fill width x height exactly */
    static void checkSize(String map, int[] labels, int width, int height) {
        if (width < 1 || height < 1 || (long) width * height != labels.length) {
            throw new IllegalArgumentException(map + ": " + labels.length + " labels do not fill " + width + " x " + height);
        }
    }
}
