package org.scsefiji.train.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.NormalizationStatistics;
import org.scsefiji.task.CancelToken;

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

    /** The normalisation of each 2-D slice, in slice order (dimension 2 fastest), as the segmenter computes it. */
    static NormalizationStatistics[] normalization(RandomAccessibleInterval<? extends RealType<?>> image, Normalization normalization,
            CancelToken cancel) {
        int slices = size(image)[2];
        NormalizationStatistics[] out = new NormalizationStatistics[slices];
        for (int s = 0; s < slices; s++) out[s] = NormalizationStatistics.compute(normalization, slice(image, s), cancel);
        return out;
    }

    /** Normalised pixel values per slice. */
    static float[][] normalized(RandomAccessibleInterval<? extends RealType<?>> image, ImageEntry entry) {
        int[] size = size(image);
        int plane = size[0] * size[1];
        float[][] out = new float[size[2]][plane];
        int i = 0;
        for (RealType<?> t : Views.flatIterable(image)) {
            int s = i / plane;
            out[s][i % plane] = entry.normalization(s).apply(t.getRealDouble());
            i++;
        }
        return out;
    }

    /** 2-D slice number {@code index}: the slice dimensions (2, 3, ...) counted with dimension 2 fastest, as flat iteration does. */
    private static <T> RandomAccessibleInterval<T> slice(RandomAccessibleInterval<T> image, long index) {
        RandomAccessibleInterval<T> v = image;
        long rest = index;
        long[] position = new long[image.numDimensions()];
        for (int d = 2; d < image.numDimensions(); d++) {
            position[d] = image.min(d) + rest % image.dimension(d);
            rest /= image.dimension(d);
        }
        for (int d = image.numDimensions() - 1; d >= 2; d--) v = Views.hyperSlice(v, d, position[d]);
        return v;
    }

    /**
     * Class ids per slice as unsigned bytes. Every value must be a whole number in 0..maxClass or the
     * ignore label; otherwise IllegalArgumentException says which value, how often, and what is allowed.
     * With object ids ({@link LabelMode#objectIds}), any whole number >= 0 is allowed, 255 included, and
     * becomes a class as the mode says; nothing is ignored.
     */
    static LabelSlices labels(RandomAccessibleInterval<? extends RealType<?>> labels, int maxClass, LabelMode mode) {
        return labels(labels, maxClass, mode, false);
    }

    /** As {@link #labels(RandomAccessibleInterval, int, LabelMode)}, keeping the object ids of each slice if asked. */
    static LabelSlices labels(RandomAccessibleInterval<? extends RealType<?>> labels, int maxClass, LabelMode mode,
            boolean keepObjectIds) {
        if (keepObjectIds && !mode.objectIds()) throw new IllegalArgumentException(mode + " labels hold no object ids");
        int[] size = size(labels);
        int plane = size[0] * size[1];
        byte[][] out = new byte[size[2]][plane];
        int[][] kept = keepObjectIds ? new int[size[2]][] : null;
        int[] objects = mode.objectIds() ? new int[plane] : null;
        int i = 0;
        int max = -1;
        double firstBad = Double.NaN;
        long bad = 0;
        for (RealType<?> t : Views.flatIterable(labels)) {
            double v = t.getRealDouble();
            int id = (int) v;
            boolean ok = mode.objectIds() ? v == Math.rint(v) && v >= 0 && v <= Integer.MAX_VALUE
                    : v == id && (id == ClassInfo.IGNORE_LABEL || (id >= 0 && id <= maxClass));
            if (!ok) {
                if (bad++ == 0) firstBad = v;
                id = mode.objectIds() ? 0 : ClassInfo.IGNORE_LABEL;
            } else if (!mode.objectIds() && id != ClassInfo.IGNORE_LABEL && id > max) {
                max = id;
            }
            if (objects != null) objects[i % plane] = id;
            else out[i / plane][i % plane] = (byte) id;
            i++;
            if (objects != null && i % plane == 0) {
                byte[] classes = out[i / plane - 1];
                mode.objectsToClasses(objects, size[0], size[1], classes);
                for (byte c : classes) max = Math.max(max, c);
                if (kept != null) {
                    kept[i / plane - 1] = objects;
                    objects = new int[plane];
                }
            }
        }
        if (bad > 0) {
            String value = firstBad == Math.rint(firstBad) ? Long.toString((long) firstBad) : Double.toString(firstBad);
            String what = firstBad != Math.rint(firstBad) ? "label images must hold whole numbers (class ids)"
                    : mode.objectIds() ? "object ids must be >= 0"
                    : "classes are 0.." + maxClass + (maxClass < MAX_CLASS_ID ? " for this model" : "")
                    + " and " + ClassInfo.IGNORE_LABEL + " marks pixels that are not annotated";
            throw new IllegalArgumentException("contains the label value " + value + (bad > 1 ? " (and " + (bad - 1)
                    + " more pixels with values that are not classes)" : "") + "; " + what);
        }
        if (max > maxClass) {
            String part = max == mode.coreClass() ? "cores" : "outlines";
            throw new IllegalArgumentException("has objects whose " + part + " are class " + max + ", but the model has only "
                    + (maxClass + 1) + " classes; train a new model with " + part + ", or turn " + part + " off");
        }
        return new LabelSlices(out, max, kept);
    }

    /** Class ids per slice, the largest class id present (-1 if every pixel is ignored), object ids if kept. */
    static final class LabelSlices {
        final byte[][] slices;
        final int maxClass;
        /** Object ids per slice (0 = background, bad values 0), or null. */
        final int[][] objectIds;

        LabelSlices(byte[][] slices, int maxClass, int[][] objectIds) {
            this.slices = slices;
            this.maxClass = maxClass;
            this.objectIds = objectIds;
        }
    }
}
