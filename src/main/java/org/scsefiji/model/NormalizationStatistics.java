package org.scsefiji.model;

import java.util.function.DoubleConsumer;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.task.CancelToken;

/**
 * The offset and scale a {@link Normalization} gives for one image: network input = (value - offset)
 * / scale. Computed once over the whole image it is given (inference: one 2-D slice of one channel;
 * training must use the same unit), streaming, with long counters, so neither tiling nor image size
 * changes it. NaN and infinite values are left out of the statistics.
 *
 * <ul>
 *   <li>min_max: offset = minimum, scale = maximum - minimum;</li>
 *   <li>percentile: the low and high percentiles (numpy's default linear interpolation between
 *       exact order statistics, for every pixel type);</li>
 *   <li>mean_std: mean and population standard deviation (two passes);</li>
 *   <li>fixed: low and high - low; none: 0 and 1.</li>
 * </ul>
 * A zero or undefined scale (constant image) becomes 1, so such an image maps to 0 instead of NaN.
 */
public final class NormalizationStatistics {
    private static final NormalizationStatistics IDENTITY = new NormalizationStatistics(0, 1);
    private static final int CANCEL_CHECK_INTERVAL = 1 << 20;

    private final double offset;
    private final double scale;

    private NormalizationStatistics(double offset, double scale) {
        this.offset = offset;
        this.scale = scale > 0 && Double.isFinite(scale) ? scale : 1;
    }

    public static <T extends RealType<T>> NormalizationStatistics compute(Normalization normalization, RandomAccessibleInterval<T> image) {
        return compute(normalization, image, null);
    }

    /** @param cancel checked every million pixels (may be null) */
    public static <T extends RealType<T>> NormalizationStatistics compute(Normalization normalization,
            RandomAccessibleInterval<T> image, CancelToken cancel) {
        switch (normalization.mode()) {
            case NONE:
                return IDENTITY;
            case FIXED:
                return new NormalizationStatistics(normalization.low(), normalization.high() - normalization.low());
            case MIN_MAX: {
                Summary s = Summary.of(scan(image, cancel));
                return s.count == 0 ? IDENTITY : new NormalizationStatistics(s.min, s.max - s.min);
            }
            case MEAN_STD: {
                OrderStatistics.Scan values = scan(image, cancel);
                Summary s = Summary.of(values);
                if (s.count == 0) return IDENTITY;
                double mean = s.sum / s.count;
                double[] squares = {0};
                values.forEach(v -> squares[0] += (v - mean) * (v - mean));
                return new NormalizationStatistics(mean, Math.sqrt(squares[0] / s.count));
            }
            case PERCENTILE: {
                double[] p = percentiles(image, cancel, normalization.low(), normalization.high());
                return Double.isNaN(p[0]) ? IDENTITY : new NormalizationStatistics(p[0], p[1] - p[0]);
            }
            default:
                throw new IllegalArgumentException("Unknown normalization " + normalization);
        }
    }

    /** Maps values as given, e.g. from a model file or for tests. */
    public static NormalizationStatistics of(double offset, double scale) {
        return new NormalizationStatistics(offset, scale);
    }

    /**
     * Percentiles (0..100) of the finite values, interpolated linearly between the exact order
     * statistics at rank p/100 * (n - 1), as numpy.percentile does by default. NaN if there are none.
     */
    public static <T extends RealType<T>> double[] percentiles(RandomAccessibleInterval<T> image, CancelToken cancel, double... p) {
        OrderStatistics.Scan values = scan(image, cancel);
        Summary s = Summary.of(values);
        double[] result = new double[p.length];
        if (s.count == 0) {
            java.util.Arrays.fill(result, Double.NaN);
            return result;
        }
        long[] ranks = new long[2 * p.length];
        double[] fractions = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 100)) throw new IllegalArgumentException("A percentile must lie in 0..100, got " + p[i]);
            double position = p[i] / 100 * (s.count - 1);
            long k = (long) Math.floor(position);
            ranks[2 * i] = k;
            ranks[2 * i + 1] = Math.min(k + 1, s.count - 1);
            fractions[i] = position - k;
        }
        double[] v = OrderStatistics.select(values, ranks, s.min, s.max, s.count);
        for (int i = 0; i < p.length; i++) result[i] = v[2 * i] + (v[2 * i + 1] - v[2 * i]) * fractions[i];
        return result;
    }

    public double offset() {
        return offset;
    }

    public double scale() {
        return scale;
    }

    /** The network input for a raw value. */
    public double apply(double value) {
        return (value - offset) / scale;
    }

    @Override
    public String toString() {
        return "(value - " + offset + ") / " + scale;
    }

    private static <T extends RealType<T>> OrderStatistics.Scan scan(RandomAccessibleInterval<T> image, CancelToken cancel) {
        return action -> {
            long seen = 0;
            for (T t : Views.iterable(image)) {
                if (cancel != null && (++seen & (CANCEL_CHECK_INTERVAL - 1)) == 0) cancel.check();
                double v = t.getRealDouble();
                if (Double.isFinite(v)) action.accept(v);
            }
        };
    }

    /** Count, extremes and sum of the finite values, in one pass. */
    private static final class Summary implements DoubleConsumer {
        long count;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;

        static Summary of(OrderStatistics.Scan values) {
            Summary s = new Summary();
            values.forEach(s);
            return s;
        }

        @Override
        public void accept(double v) {
            count++;
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
    }
}
