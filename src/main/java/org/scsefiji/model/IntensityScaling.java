package org.scsefiji.model;

import java.util.Arrays;
import net.imglib2.IterableInterval;
import net.imglib2.type.numeric.RealType;

/**
 * The offset and scale a {@link Normalization} gives one image: value' = (value - offset) / scale.
 * Statistics come from every pixel of the image handed in (all its slices), never from a tile or a
 * patch, so that training patches, inference tiles and the whole image all see the same mapping.
 * A constant image (zero spread) gets scale 1 so that it maps to zeros instead of NaN.
 */
public final class IntensityScaling {
    private final double offset;
    private final double scale;

    public IntensityScaling(double offset, double scale) {
        if (!Double.isFinite(offset) || !Double.isFinite(scale) || scale <= 0) {
            throw new IllegalArgumentException("Intensity scaling needs a finite offset and a positive scale, got offset="
                    + offset + " scale=" + scale);
        }
        this.offset = offset;
        this.scale = scale;
    }

    /**
     * Statistics of {@code image} for {@code normalization}. Percentiles interpolate linearly between
     * order statistics (numpy's default).
     *
     * @throws IllegalArgumentException if the image holds NaN or infinite values, or no pixel
     */
    public static IntensityScaling of(Normalization normalization, IterableInterval<? extends RealType<?>> image) {
        switch (normalization.mode()) {
            case NONE:
                return new IntensityScaling(0, 1);
            case FIXED:
                return new IntensityScaling(normalization.low(), normalization.high() - normalization.low());
            case MIN_MAX: {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (RealType<?> t : image) {
                    double v = finite(t.getRealDouble());
                    if (v < min) min = v;
                    if (v > max) max = v;
                }
                requirePixels(image);
                return spread(min, max - min);
            }
            case MEAN_STD: {
                // Welford: stable for large 32-bit images.
                long n = 0;
                double mean = 0;
                double m2 = 0;
                for (RealType<?> t : image) {
                    double v = finite(t.getRealDouble());
                    n++;
                    double d = v - mean;
                    mean += d / n;
                    m2 += d * (v - mean);
                }
                requirePixels(image);
                return spread(mean, Math.sqrt(m2 / n));
            }
            case PERCENTILE: {
                requirePixels(image);
                if (image.size() > Integer.MAX_VALUE) throw new IllegalArgumentException("Image too large for percentiles");
                float[] values = new float[(int) image.size()];
                int i = 0;
                for (RealType<?> t : image) values[i++] = (float) finite(t.getRealDouble());
                Arrays.sort(values);
                double low = percentile(values, normalization.low());
                double high = percentile(values, normalization.high());
                return spread(low, high - low);
            }
            default:
                throw new IllegalStateException("Unknown normalization " + normalization);
        }
    }

    public double offset() {
        return offset;
    }

    public double scale() {
        return scale;
    }

    public float apply(double value) {
        return (float) ((value - offset) / scale);
    }

    private static IntensityScaling spread(double offset, double spread) {
        return new IntensityScaling(offset, spread > 0 ? spread : 1);
    }

    private static double percentile(float[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double finite(double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("contains NaN or infinite pixel values");
        return v;
    }

    private static void requirePixels(IterableInterval<?> image) {
        if (image.size() == 0) throw new IllegalArgumentException("has no pixels");
    }

    @Override
    public String toString() {
        return "(value - " + offset + ") / " + scale;
    }
}
