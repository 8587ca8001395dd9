package org.scsefiji.train.loss;

/** Per-pixel loss weights of one 2-D label slice, computed once when the slice is loaded. */
public interface PixelWeightMap {
    /** True if {@link #compute} reads object ids (instance labels); false if it reads training class ids. */
    boolean readsObjectIds();

    /** Weights of a label slice stored row after row (x fastest). */
    float[] compute(int[] labels, int width, int height);
}
