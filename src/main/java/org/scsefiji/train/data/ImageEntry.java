package org.scsefiji.train.data;

import org.scsefiji.model.IntensityScaling;

/** What the data check learnt about one pair without keeping its pixels: size, slices, intensity scaling. */
public final class ImageEntry {
    private final ImagePair pair;
    private final int width;
    private final int height;
    private final int slices;
    private final IntensityScaling scaling;

    ImageEntry(ImagePair pair, int width, int height, int slices, IntensityScaling scaling) {
        this.pair = pair;
        this.width = width;
        this.height = height;
        this.slices = slices;
        this.scaling = scaling;
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

    /** The per-image normalisation, from statistics over the whole image. */
    public IntensityScaling scaling() {
        return scaling;
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
