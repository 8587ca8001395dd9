package org.scsefiji.infer;

import java.util.Arrays;
import net.imglib2.Dimensions;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Where a {@link Segmenter} writes. The label image has the input's dimensions without the channel
 * axis; probabilities add a last dimension of one entry per class; attention adds a last dimension of
 * two entries: the sSE gate of the first encoder block (0) and of the last decoder block (1), each
 * repeated up to input resolution. Outputs may have any minimum: pixels correspond by their offset
 * from the minimum of the image and of the output. Whatever is asked for, the segmenter also sums each
 * pixel's highest class probability ({@link #confidenceSum()}), tile by tile, so that the mean confidence
 * needs no whole-image probabilities.
 */
public final class SegmentationOutputs {
    /** Created images with more elements than this are CellImgs (no single array, no 2^31 limit). */
    public static final long ARRAY_IMG_LIMIT = 100_000_000L;
    private static final int CELL_SIDE = 512;

    private final RandomAccessibleInterval<? extends IntegerType<?>> labels;
    private final RandomAccessibleInterval<FloatType> probabilities;
    private final RandomAccessibleInterval<FloatType> attention;
    private double confidenceSum;

    private SegmentationOutputs(RandomAccessibleInterval<? extends IntegerType<?>> labels,
            RandomAccessibleInterval<FloatType> probabilities, RandomAccessibleInterval<FloatType> attention) {
        if (labels == null) throw new IllegalArgumentException("A label image is required");
        this.labels = labels;
        this.probabilities = probabilities;
        this.attention = attention;
    }

    /** Labels only, into the caller's image (any integer type wide enough for the class count). */
    public static SegmentationOutputs labels(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
        return new SegmentationOutputs(labels, null, null);
    }

    /** Also writes per-class probabilities (softmax) into {@code probabilities}. */
    public SegmentationOutputs withProbabilities(RandomAccessibleInterval<FloatType> probabilities) {
        return new SegmentationOutputs(labels, probabilities, attention);
    }

    /** Also writes the first and last sSE gate into {@code attention}. */
    public SegmentationOutputs withAttention(RandomAccessibleInterval<FloatType> attention) {
        return new SegmentationOutputs(labels, probabilities, attention);
    }

    /**
     * New zero-min images: labels as 8-bit (up to 256 classes) or 16-bit; ArrayImgs up to
     * {@link #ARRAY_IMG_LIMIT} elements, CellImgs above (the created images live in memory).
     */
    public static SegmentationOutputs allocate(Dimensions labelDimensions, int classes, boolean probabilities, boolean attention) {
        long[] dims = labelDimensions.dimensionsAsLongArray();
        Img<? extends IntegerType<?>> labels = classes <= 256 ? create(dims, new UnsignedByteType()) : create(dims, new UnsignedShortType());
        return allocate(labels, classes, probabilities, attention);
    }

    /** The caller's {@code labels}, and new probability and attention images as {@link #allocate(Dimensions, int, boolean, boolean)} makes them. */
    public static SegmentationOutputs allocate(RandomAccessibleInterval<? extends IntegerType<?>> labels, int classes, boolean probabilities,
            boolean attention) {
        long[] dims = labels.dimensionsAsLongArray();
        SegmentationOutputs out = labels(labels);
        if (probabilities) out = out.withProbabilities(create(withLast(dims, classes), new FloatType()));
        if (attention) out = out.withAttention(create(withLast(dims, 2), new FloatType()));
        return out;
    }

    private static <T extends NativeType<T>> Img<T> create(long[] dims, T type) {
        long elements = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        if (!needsCells(elements)) return new ArrayImgFactory<>(type).create(dims);
        int[] cell = new int[dims.length];
        Arrays.fill(cell, 1);
        cell[0] = CELL_SIDE;
        if (cell.length > 1) cell[1] = CELL_SIDE;
        return new CellImgFactory<>(type, cell).create(dims);
    }

    static boolean needsCells(long elements) {
        return elements > ARRAY_IMG_LIMIT;
    }

    static long[] withLast(long[] dims, long last) {
        long[] d = Arrays.copyOf(dims, dims.length + 1);
        d[dims.length] = last;
        return d;
    }

    public RandomAccessibleInterval<? extends IntegerType<?>> labels() {
        return labels;
    }

    /** Null unless requested. */
    public RandomAccessibleInterval<FloatType> probabilities() {
        return probabilities;
    }

    /** Null unless requested. */
    public RandomAccessibleInterval<FloatType> attention() {
        return attention;
    }

    /**
     * Over the pixels of the last segment call into these outputs: the sum of each pixel's highest class
     * probability (softmax of the network's output); 0 before any call.
     */
    public double confidenceSum() {
        return confidenceSum;
    }

    void confidenceSum(double sum) {
        this.confidenceSum = sum;
    }
}
