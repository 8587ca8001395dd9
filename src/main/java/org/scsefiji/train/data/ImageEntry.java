package org.scsefiji.train.data;

import org.scsefiji.model.NormalizationStatistics;

/**
 * What the data check learnt about one pair without keeping its pixels: size, slices and the intensity
 * scaling of each 2-D slice (per slice, as inference computes it).
 */
public final class ImageEntry {
    private final ImagePair pair;
    private final int width;
    private final int height;
    private final int slices;
    private final NormalizationStatistics[] scaling;

    ImageEntry(ImagePair pair, int width, int height, NormalizationStatistics[] scaling) {
        this.pair = pair;
        this.width = width;
        this.height = height;
        this.slices = scaling.length;
        this.scaling = scaling.clone();
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

    /** The normalisation of 2-D slice {@code slice}, from statistics over that whole slice. */
    public NormalizationStatistics scaling(int slice) {
        return scaling[slice];
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
