package org.scsefiji.eval;

import java.util.Arrays;
import java.util.Iterator;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;
import org.scsefiji.model.ClassInfo;

/**
 * Pixel counts by (true class, predicted class), K x K. Truth pixels with the ignore label
 * ({@link ClassInfo#IGNORE_LABEL}) are skipped; any other value outside 0..K-1 is an error.
 */
public final class ConfusionMatrix {
    private final int classCount;
    /** counts[truth * K + predicted]. */
    private final long[] counts;

    public ConfusionMatrix(int classCount) {
        if (classCount < 1 || classCount >= ClassInfo.IGNORE_LABEL) {
            throw new IllegalArgumentException("Confusion matrix: class count must be 1.." + (ClassInfo.IGNORE_LABEL - 1)
                    + ", got " + classCount);
        }
        this.classCount = classCount;
        this.counts = new long[classCount * classCount];
    }

    public int classCount() {
        return classCount;
    }

    /** Adds a truth and a prediction image of equal size (their mins may differ); pixels pair by position. */
    public void add(RandomAccessibleInterval<? extends IntegerType<?>> truth,
            RandomAccessibleInterval<? extends IntegerType<?>> predicted) {
        if (!Arrays.equals(truth.dimensionsAsLongArray(), predicted.dimensionsAsLongArray())) {
            throw new IllegalArgumentException("Truth and prediction differ in size: truth " + size(truth)
                    + ", prediction " + size(predicted));
        }
        Iterator<? extends IntegerType<?>> p = Views.flatIterable(predicted).iterator();
        for (IntegerType<?> t : Views.flatIterable(truth)) add(t.getInteger(), p.next().getInteger());
    }

    public void add(int[] truth, int[] predicted) {
        requireSameLength(truth.length, predicted.length);
        for (int i = 0; i < truth.length; i++) add(truth[i], predicted[i]);
    }

    /** Unsigned bytes (0..255), as in 8-bit label images. */
    public void add(byte[] truth, byte[] predicted) {
        requireSameLength(truth.length, predicted.length);
        for (int i = 0; i < truth.length; i++) add(truth[i] & 0xff, predicted[i] & 0xff);
    }

    /** Adds another matrix's counts (e.g. from another image or thread). */
    public void merge(ConfusionMatrix other) {
        if (other.classCount != classCount) {
            throw new IllegalArgumentException("Cannot merge confusion matrices of " + classCount + " and "
                    + other.classCount + " classes");
        }
        for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
    }

    public long count(int truth, int predicted) {
        return counts[truth * classCount + predicted];
    }

    /** Pixels whose true class is c (row sum). */
    public long truthCount(int c) {
        long s = 0;
        for (int p = 0; p < classCount; p++) s += count(c, p);
        return s;
    }

    /** Pixels predicted as c (column sum). */
    public long predictedCount(int c) {
        long s = 0;
        for (int t = 0; t < classCount; t++) s += count(t, c);
        return s;
    }

    /** All counted (non-ignore) pixels. */
    public long total() {
        long s = 0;
        for (long c : counts) s += c;
        return s;
    }

    private void add(int truth, int predicted) {
        if (truth == ClassInfo.IGNORE_LABEL) return;
        if (truth < 0 || truth >= classCount) {
            throw new IllegalArgumentException("Truth label " + truth + " is not a class: classes are 0.."
                    + (classCount - 1) + " and " + ClassInfo.IGNORE_LABEL + " marks pixels that are not annotated");
        }
        if (predicted < 0 || predicted >= classCount) {
            throw new IllegalArgumentException("Predicted label " + predicted + " is not a class (0.." + (classCount - 1) + ")");
        }
        counts[truth * classCount + predicted]++;
    }

    private static void requireSameLength(int truth, int predicted) {
        if (truth != predicted) {
            throw new IllegalArgumentException("Truth and prediction differ in size: truth " + truth + " pixels, prediction "
                    + predicted + " pixels");
        }
    }

    private static String size(RandomAccessibleInterval<?> r) {
        StringBuilder s = new StringBuilder();
        for (long d : r.dimensionsAsLongArray()) s.append(s.length() == 0 ? "" : " x ").append(d);
        return s.toString();
    }
}
