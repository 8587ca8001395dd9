package org.scsefiji.train.data;

import org.scsefiji.model.NormalizationStatistics;

/** What the data check learnt about one pair without keeping its pixels: size, slices, each slice's normalisation. */
public final class ImageEntry {
    private final ImagePair pair;
    private final int width;
    private final int height;
    private final int slices;
    private final NormalizationStatistics[] normalization;

    /** @param normalization one per slice */
    ImageEntry(ImagePair pair, int width, int height, int slices, NormalizationStatistics[] normalization) {
        if (normalization.length != slices) {
            throw new IllegalArgumentException(pair.image() + ": " + normalization.length + " normalisations for " + slices + " slices");
        }
        this.pair = pair;
        this.width = width;
        this.height = height;
        this.slices = slices;
        this.normalization = normalization.clone();
    }

    public ImagePair pair() {
        return pair;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 2-D slices (1 for a plain 2-D image). */
    public int slices() {
        return slices;
    }

    /** The normalisation of 2-D slice {@code slice} (0-based), from statistics over that whole slice, as in inference. */
    public NormalizationStatistics normalization(int slice) {
        return normalization[slice];
    }

    /** Bytes this image takes in the cache: normalised floats, byte labels, optional float weights. */
    long cacheBytes(boolean weights) {
        return (long) width * height * slices * (4 + 1 + (weights ? 4 : 0));
    }

    @Override
    public String toString() {
        return pair.name() + " " + width + "x" + height + (slices > 1 ? "x" + slices : "");
    }
}
