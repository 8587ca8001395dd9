package org.scsefiji.model;

import java.util.Locale;

/**
 * How raw intensities become network input: value' = (value - offset) / scale, with offset and scale
 * taken from each whole 2-D slice of each channel (never per tile or patch, so tiling cannot change
 * the result); {@link NormalizationStatistics} computes and applies them.
 */
public final class Normalization {
    public enum Mode {
        /** Per slice: minimum -> 0, maximum -> 1 (ReLayNet's mat2gray of each B-scan). */
        MIN_MAX,
        /** Per slice: the low and high percentiles -> 0 and 1 (robust for fluorescence). */
        PERCENTILE,
        /** Per slice: zero mean, unit standard deviation. */
        MEAN_STD,
        /** Fixed: (value - low) / (high - low), the same for every image. */
        FIXED,
        /** Values used as they are. */
        NONE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Mode mode;
    /** PERCENTILE: low/high percentiles (0-100); FIXED: the values mapped to 0 and 1; else unused. */
    private final double low;
    private final double high;

    public Normalization(Mode mode, double low, double high) {
        if (mode == null) throw new IllegalArgumentException("Normalization mode is missing");
        if ((mode == Mode.PERCENTILE || mode == Mode.FIXED) && !(high > low)) {
            throw new IllegalArgumentException("Normalization " + mode.key() + " needs high > low, got low=" + low + " high=" + high);
        }
        if (mode == Mode.PERCENTILE && (low < 0 || high > 100)) {
            throw new IllegalArgumentException("Percentiles must lie in 0..100, got " + low + ".." + high);
        }
        this.mode = mode;
        this.low = low;
        this.high = high;
    }

    public static Normalization minMax() {
        return new Normalization(Mode.MIN_MAX, 0, 1);
    }

    public static Normalization percentile(double low, double high) {
        return new Normalization(Mode.PERCENTILE, low, high);
    }

    public Mode mode() {
        return mode;
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Normalization)) return false;
        Normalization n = (Normalization) o;
        return mode == n.mode && Double.compare(low, n.low) == 0 && Double.compare(high, n.high) == 0;
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + Double.hashCode(low) * 7 + Double.hashCode(high);
    }

    @Override
    public String toString() {
        return mode.key() + (mode == Mode.PERCENTILE || mode == Mode.FIXED ? "(" + low + "," + high + ")" : "");
    }
}
