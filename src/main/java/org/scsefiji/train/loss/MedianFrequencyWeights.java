package org.scsefiji.train.loss;

import java.util.Arrays;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;
import org.scsefiji.model.ClassInfo;

/**
 * Median frequency balancing (SegNet): w_c = median over classes of f_c, divided by f_c, with
 * f_c = (pixels of class c) / (pixels of the images in which c appears). Ignore pixels
 * ({@link ClassInfo#IGNORE_LABEL}) count nowhere, neither as class pixels nor as image pixels.
 * Each added interval is one "image": add 2-D slices one by one for per-slice frequencies.
 * Classes that never appear get weight 0: they have no frequency and no pixel that a weight could act on.
 * The median over an even number of present classes is the mean of the middle two (as numpy's).
 * All arithmetic is in double (QuickNAT's integer division, D10, zeroes every class above the median).
 */
public final class MedianFrequencyWeights {
    private final long[] classPixels;
    private final long[] imagePixels;
    private int images;

    public MedianFrequencyWeights(int classCount) {
        if (classCount < 1 || classCount >= ClassInfo.IGNORE_LABEL) {
            throw new IllegalArgumentException("Median frequency weights: class count must be 1.."
                    + (ClassInfo.IGNORE_LABEL - 1) + ", got " + classCount);
        }
        classPixels = new long[classCount];
        imagePixels = new long[classCount];
    }

    /** Weights from these label images, one per class. */
    public static float[] of(int classCount, Iterable<? extends RandomAccessibleInterval<? extends IntegerType<?>>> labels) {
        MedianFrequencyWeights w = new MedianFrequencyWeights(classCount);
        for (RandomAccessibleInterval<? extends IntegerType<?>> image : labels) w.add(image);
        return w.weights();
    }

    /** Counts one label image. */
    public void add(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
        long[] counts = new long[classPixels.length];
        long labelled = 0;
        for (IntegerType<?> t : Views.flatIterable(labels)) {
            long v = t.getIntegerLong();
            if (v == ClassInfo.IGNORE_LABEL) continue;
            if (v < 0 || v >= counts.length) {
                throw new IllegalArgumentException("Label image " + (images + 1) + " contains the value " + v
                        + ": classes are 0.." + (counts.length - 1) + " and " + ClassInfo.IGNORE_LABEL
                        + " marks pixels that are not annotated");
            }
            counts[(int) v]++;
            labelled++;
        }
        images++;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) continue;
            classPixels[c] += counts[c];
            imagePixels[c] += labelled;
        }
    }

    /** f_c, or NaN for a class not seen yet. */
    public double frequency(int c) {
        return imagePixels[c] == 0 ? Double.NaN : (double) classPixels[c] / imagePixels[c];
    }

    /** w_c = median(f) / f_c; 0 for classes never seen; all 0 when nothing was counted. */
    public float[] weights() {
        int k = classPixels.length;
        double[] present = new double[k];
        int n = 0;
        for (int c = 0; c < k; c++) {
            if (imagePixels[c] > 0) present[n++] = frequency(c);
        }
        float[] w = new float[k];
        if (n == 0) return w;
        double[] sorted = Arrays.copyOf(present, n);
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        for (int c = 0; c < k; c++) {
            if (imagePixels[c] > 0) w[c] = (float) (median / frequency(c));
        }
        return w;
    }
}
