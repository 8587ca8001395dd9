package org.scsefiji.model;

/**
 * The roles of the dimensions of an image handed to the core: dimension 0 is X (width), 1 is Y
 * (height); {@link #channelAxis()} is one dimension >= 2 holding the input channels, or -1 when the
 * image has one channel; every other dimension (Z, T, ...) indexes 2-D slices processed one by one.
 */
public final class ImageAxes {
    public static final int NO_CHANNEL = -1;
    private final int dimensions;
    private final int channelAxis;

    public ImageAxes(int dimensions, int channelAxis) {
        if (dimensions < 2) throw new IllegalArgumentException("An image needs at least 2 dimensions (X and Y), got " + dimensions);
        if (channelAxis != NO_CHANNEL && (channelAxis < 2 || channelAxis >= dimensions)) {
            throw new IllegalArgumentException("The channel axis must be a dimension from 2 to " + (dimensions - 1) + ", got " + channelAxis);
        }
        this.dimensions = dimensions;
        this.channelAxis = channelAxis;
    }

    /** X, Y and slices, single channel. */
    public static ImageAxes singleChannel(int dimensions) {
        return new ImageAxes(dimensions, NO_CHANNEL);
    }

    public int dimensions() {
        return dimensions;
    }

    public int channelAxis() {
        return channelAxis;
    }

    public boolean hasChannelAxis() {
        return channelAxis != NO_CHANNEL;
    }

    /** {@code dims} of an image with these axes, without the channel axis (the dimensions of its label image). */
    public long[] withoutChannel(long[] dims) {
        long[] out = new long[dims.length - (hasChannelAxis() ? 1 : 0)];
        for (int d = 0, i = 0; d < dims.length; d++) {
            if (d != channelAxis()) out[i++] = dims[d];
        }
        return out;
    }

    @Override
    public String toString() {
        return dimensions + "-D" + (hasChannelAxis() ? ", channels on axis " + channelAxis : ", one channel");
    }
}
