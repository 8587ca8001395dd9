package org.scsefiji.model;

import java.util.Arrays;
import java.util.function.DoubleConsumer;

/**
 * Exact order statistics (k-th smallest values) of a stream too large to hold, for any value type.
 * Each pass histograms the values still in question into {@value #BINS} bins and keeps the one bin
 * that holds the wanted rank, with its true smallest and largest value; once few values remain
 * they are collected and sorted. The bin index is a monotone function of the value, so the values
 * of one bin are exactly those between its smallest and largest: nothing is approximated. Integer
 * images of up to 16 bits need one histogram pass; float data a few more.
 */
final class OrderStatistics {
    static final int BINS = 1 << 16;
    static final int COLLECT_LIMIT = 1 << 16;

    /** Streams every value to be ranked (the caller skips NaN and infinite values) once per call. */
    interface Scan {
        void forEach(DoubleConsumer action);
    }

    private OrderStatistics() {
    }

    /**
     * @param ranks 0-based ranks, each in [0, count)
     * @param min smallest value, max largest, count number of values
     * @return the value of each rank
     */
    static double[] select(Scan scan, long[] ranks, double min, double max, long count) {
        Target[] targets = new Target[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            if (ranks[i] < 0 || ranks[i] >= count) throw new IllegalArgumentException("rank " + ranks[i] + " outside 0.." + (count - 1));
            targets[i] = new Target(ranks[i], min, max, count);
        }
        while (true) {
            Target[] active = Arrays.stream(targets).filter(t -> !t.done).toArray(Target[]::new);
            if (active.length == 0) break;
            for (Target t : active) t.startPass();
            scan.forEach(v -> {
                for (Target t : active) t.accept(v);
            });
            for (Target t : active) t.endPass();
        }
        double[] values = new double[ranks.length];
        for (int i = 0; i < ranks.length; i++) values[i] = targets[i].result;
        return values;
    }

    /** One wanted rank: the values in [lo, hi] are still candidates; {@code below} values are smaller. */
    private static final class Target {
        final long rank;
        double lo;
        double hi;
        long below;
        long inRange;
        boolean done;
        double result;
        // histogram pass
        long[] counts;
        double[] binMin;
        double[] binMax;
        double binScale;
        boolean halved;
        // collect pass
        double[] collected;
        int filled;

        Target(long rank, double min, double max, long count) {
            this.rank = rank;
            lo = min;
            hi = max;
            inRange = count;
            if (lo == hi) finish(lo);
        }

        private void finish(double value) {
            result = value;
            done = true;
            counts = null;
            binMin = null;
            binMax = null;
            collected = null;
        }

        void startPass() {
            if (inRange <= COLLECT_LIMIT) {
                collected = new double[(int) inRange];
                filled = 0;
                return;
            }
            if (counts == null) {
                counts = new long[BINS];
                binMin = new double[BINS];
                binMax = new double[BINS];
            }
            Arrays.fill(counts, 0);
            double width = hi - lo;
            // Halve before subtracting when hi - lo overflows; either way the mapping stays monotone.
            halved = Double.isInfinite(width);
            binScale = halved ? BINS / (hi * 0.5 - lo * 0.5) : BINS / width;
        }

        void accept(double v) {
            if (v < lo || v > hi) return;
            if (collected != null) {
                collected[filled++] = v;
                return;
            }
            double t = (halved ? v * 0.5 - lo * 0.5 : v - lo) * binScale;
            int b = t >= BINS ? BINS - 1 : (int) t; // NaN (0 * inf) casts to bin 0, which is lo's bin
            if (counts[b]++ == 0) {
                binMin[b] = v;
                binMax[b] = v;
            } else if (v < binMin[b]) {
                binMin[b] = v;
            } else if (v > binMax[b]) {
                binMax[b] = v;
            }
        }

        void endPass() {
            long r = rank - below;
            if (collected != null) {
                if (filled != inRange) throw new IllegalStateException("the values changed between passes");
                Arrays.sort(collected);
                finish(collected[(int) r]);
                return;
            }
            int b = 0;
            while (b < BINS && r >= counts[b]) {
                r -= counts[b];
                below += counts[b];
                b++;
            }
            if (b == BINS) throw new IllegalStateException("the values changed between passes");
            if (counts[b] == inRange) {
                // Cannot happen: lo and hi always fall into different bins. Guard against endless passes.
                throw new IllegalStateException("order statistic made no progress in [" + lo + ", " + hi + "]");
            }
            lo = binMin[b];
            hi = binMax[b];
            inRange = counts[b];
            if (lo == hi) finish(lo);
        }
    }
}
