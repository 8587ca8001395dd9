package org.scsefiji.train.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.NormalizationStatistics;

/**
 * Turns images from an {@code ImageReader} (X, Y, slice dimensions...) into one Java array per 2-D
 * slice, x fastest; every dimension after Y counts as a slice dimension.
 */
final class ImageSlices {
    /** The largest class id a label image may hold: class counts stop below the ignore label. */
    static final int MAX_CLASS_ID = ClassInfo.IGNORE_LABEL - 2;

    private ImageSlices() {
    }

    /** {width, height, slices}. */
    static int[] size(RandomAccessibleInterval<?> image) {
        if (image.numDimensions() < 2) throw new IllegalArgumentException("has fewer than 2 dimensions");
        long w = image.dimension(0);
        long h = image.dimension(1);
        long s = 1;
        for (int d = 2; d < image.numDimensions(); d++) s *= image.dimension(d);
        if (w * h > Integer.MAX_VALUE / 4 || s > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("is too large (" + w + " x " + h + " x " + s + ")");
        }
        return new int[] {(int) w, (int) h, (int) s};
    }

    static String describe(int[] size) {
        return size[0] + " x " + size[1] + (size[2] > 1 ? " x " + size[2] + " slices" : "");
    }

    /** Normalised pixel values per slice, each slice with its own statistics from {@code entry}. */
    static float[][] normalized(RandomAccessibleInterval<? extends RealType<?>> image, ImageEntry entry) {
        int[] size = size(image);
        int plane = size[0] * size[1];
        float[][] out = new float[size[2]][plane];
        int i = 0;
        for (RealType<?> t : Views.flatIterable(image)) {
            out[i / plane][i % plane] = (float) entry.scaling(i / plane).apply(t.getRealDouble());
            i++;
        }
        return out;
    }

    /** The normalisation statistics of every 2-D slice (the unit inference normalises). */
    static NormalizationStatistics[] statistics(Normalization normalization, RandomAccessibleInterval<? extends RealType<?>> image) {
        int slices = size(image)[2];
        NormalizationStatistics[] out = new NormalizationStatistics[slices];
        for (int s = 0; s < slices; s++) out[s] = sliceStatistics(normalization, image, s);
        return out;
    }

    private static <T extends RealType<T>> NormalizationStatistics sliceStatistics(Normalization normalization,
            RandomAccessibleInterval<? extends RealType<?>> image, int s) {
        RandomAccessibleInterval<T> plane = slice(image, s);
        return NormalizationStatistics.compute(normalization, plane);
    }

    /** Slice {@code s} (numbered as {@link Views#flatIterable} visits them) as a 2-D X, Y view. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T extends RealType<T>> RandomAccessibleInterval<T> slice(RandomAccessibleInterval<? extends RealType<?>> image, int s) {
        RandomAccessibleInterval view = image;
        int[] index = new int[image.numDimensions()];
        for (int d = 2, rest = s; d < image.numDimensions(); d++) {
            index[d] = (int) (rest % image.dimension(d));
            rest /= image.dimension(d);
        }
        for (int d = image.numDimensions() - 1; d >= 2; d--) view = Views.hyperSlice(view, d, image.min(d) + index[d]);
        return (RandomAccessibleInterval<T>) view;
    }

    /** Throws if any pixel is NaN or infinite (the network cannot learn from them). */
    static void requireFinite(RandomAccessibleInterval<? extends RealType<?>> image) {
        for (RealType<?> t : Views.flatIterable(image)) {
            if (!Double.isFinite(t.getRealDouble())) throw new IllegalArgumentException("contains NaN or infinite pixel values");
        }
    }

    /**
     * Class ids per slice as unsigned bytes. Every value must be a whole number in 0..maxClass or the
     * ignore label; otherwise IllegalArgumentException says which value, how often, and what is allowed.
     * With {@code instances}, values are object ids: 0 stays background (class 0), every other whole
     * number >= 0 becomes foreground (class 1), and nothing is ignored.
     */
    static LabelSlices labels(RandomAccessibleInterval<? extends RealType<?>> labels, int maxClass, boolean instances) {
        int[] size = size(labels);
        int plane = size[0] * size[1];
        byte[][] out = new byte[size[2]][plane];
        int i = 0;
        int max = -1;
        double firstBad = Double.NaN;
        long bad = 0;
        for (RealType<?> t : Views.flatIterable(labels)) {
            double v = t.getRealDouble();
            int id = (int) v;
            boolean ok;
            if (instances) {
                ok = v == Math.rint(v) && v >= 0;
                id = v > 0 ? 1 : 0;
            } else {
                ok = v == id && (id == ClassInfo.IGNORE_LABEL || (id >= 0 && id <= maxClass));
            }
            if (!ok) {
                if (bad++ == 0) firstBad = v;
                id = ClassInfo.IGNORE_LABEL;
            } else if (id != ClassInfo.IGNORE_LABEL && id > max) {
                max = id;
            }
            out[i / plane][i % plane] = (byte) id;
            i++;
        }
        if (bad > 0) {
            String value = firstBad == Math.rint(firstBad) ? Long.toString((long) firstBad) : Double.toString(firstBad);
            String what = firstBad != Math.rint(firstBad) ? "label images must hold whole numbers (class ids)"
                    : instances ? "object ids must be >= 0"
                    : "classes are 0.." + maxClass + (maxClass < MAX_CLASS_ID ? " for this model" : "")
                    + " and " + ClassInfo.IGNORE_LABEL + " marks pixels that are not annotated";
            throw new IllegalArgumentException("contains the label value " + value + (bad > 1 ? " (and " + (bad - 1)
                    + " more pixels with values that are not classes)" : "") + "; " + what);
        }
        return new LabelSlices(out, max);
    }

    /** Class ids per slice and the largest class id present (-1 if every pixel is ignored). */
    static final class LabelSlices {
        final byte[][] slices;
        final int maxClass;

        LabelSlices(byte[][] slices, int maxClass) {
            this.slices = slices;
            this.maxClass = maxClass;
        }
    }
}
