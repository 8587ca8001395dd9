package org.scsefiji.model;

import java.util.function.DoubleConsumer;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.task.CancelToken;

/**
 * The offset and scale a {@link Normalization} gives one 2-D slice of one channel: network input =
 * (value - offset) / scale. The one normalisation of the project: inference ({@code infer.Segmenter})
 * and training ({@code train.data}) both compute it per 2-D slice and per channel, as ReLayNet
 * min-max-scales each B-scan and volumes are segmented slice by slice, and both map pixels with
 * {@link #apply}. Statistics are streamed over the whole slice handed in, with long counters, so
 * neither tiling, patches nor image size change them.
 *
 * <ul>
 *   <li>min_max: offset = minimum, scale = maximum - minimum;</li>
 *   <li>percentile: the low and high percentiles (numpy's default linear interpolation between
 *       exact order statistics, for every pixel type);</li>
 *   <li>mean_std: mean and population standard deviation (two passes);</li>
 *   <li>fixed: low and high - low; none: 0 and 1.</li>
 * </ul>
 * A zero or undefined scale (constant slice) becomes 1, so such a slice maps to 0 instead of NaN.
 *
 * <p>NaN and infinite pixels: they are left out of the statistics, and {@link #apply} maps them to
 * network input 0. One such pixel thus changes neither the other pixels' inputs nor, through the
 * network's channel squeezes, the whole segmentation; a slice without any finite value maps to 0.
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

    /** Statistics of {@code slice}, one 2-D slice of one channel. */
    public static NormalizationStatistics compute(Normalization normalization, RandomAccessibleInterval<? extends RealType<?>> slice) {
        return compute(normalization, slice, null);
    }

    /** @param cancel checked every million pixels (may be null) */
    public static NormalizationStatistics compute(Normalization normalization, RandomAccessibleInterval<? extends RealType<?>> slice,
            CancelToken cancel) {
        switch (normalization.mode()) {
            case NONE:
                return IDENTITY;
            case FIXED:
                return new NormalizationStatistics(normalization.low(), normalization.high() - normalization.low());
            case MIN_MAX: {
                Summary s = Summary.of(scan(slice, cancel));
                return s.count == 0 ? IDENTITY : new NormalizationStatistics(s.min, s.max - s.min);
            }
            case MEAN_STD: {
                OrderStatistics.Scan values = scan(slice, cancel);
                Summary s = Summary.of(values);
                if (s.count == 0) return IDENTITY;
                double mean = s.sum / s.count;
                double[] squares = {0};
                values.forEach(v -> squares[0] += (v - mean) * (v - mean));
                return new NormalizationStatistics(mean, Math.sqrt(squares[0] / s.count));
            }
            case PERCENTILE: {
                double[] p = percentiles(slice, cancel, normalization.low(), normalization.high());
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
    public static double[] percentiles(RandomAccessibleInterval<? extends RealType<?>> image, CancelToken cancel, double... p) {
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

    /** The network input for a raw value; 0 for NaN and infinite values. */
    public float apply(double value) {
        return Double.isFinite(value) ? (float) ((value - offset) / scale) : 0f;
    }

    @Override
    public String toString() {
        return "(value - " + offset + ") / " + scale;
    }

    private static OrderStatistics.Scan scan(RandomAccessibleInterval<? extends RealType<?>> image, CancelToken cancel) {
        return action -> {
            long seen = 0;
            for (RealType<?> t : Views.iterable(image)) {
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
