package org.scsefiji.instances;

/**
 * The exact Euclidean distance transform of one 2-D plane of ints (x fastest): what {@link SeedSplitter} splits
 * seeds by, and what training's object cores are cut from ({@code train.data.LabelMode}).
 */
public final class DistanceTransform {
    private DistanceTransform() {
    }

    /**
     * Exact squared Euclidean distance of each {@code inside} pixel to the nearest other pixel of the plane
     * (Felzenszwalb and Huttenlocher: columns, then the lower envelope of parabolas along rows); 0 elsewhere;
     * capped at Integer.MAX_VALUE - 1 (a plane that is all inside has no distance: every pixel gets the cap).
     */
    public static int[] squaredDistances(int[] lab, int inside, int width, int height) {
        int n = lab.length;
        final int far = Integer.MAX_VALUE;
        int[] column = new int[n]; // distance along y to the nearest outside pixel, or far
        for (int x = 0; x < width; x++) {
            int d = far;
            for (int i = x; i < n; i += width) {
                d = lab[i] != inside ? 0 : d == far ? far : d + 1;
                column[i] = d;
            }
            d = far;
            for (int i = x + (height - 1) * width; i >= 0; i -= width) {
                d = lab[i] != inside ? 0 : d == far ? far : d + 1;
                if (d < column[i]) column[i] = d;
            }
        }
        int[] out = column; // each row is read into f before it is overwritten
        long[] f = new long[width];
        int[] v = new int[width];
        double[] z = new double[width + 1];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int k = -1;
            for (int q = 0; q < width; q++) {
                int g = column[row + q];
                f[q] = g == far ? -1 : (long) g * g;
                if (f[q] < 0) continue;
                if (k < 0) {
                    k = 0;
                    v[0] = q;
                    z[0] = Double.NEGATIVE_INFINITY;
                    z[1] = Double.POSITIVE_INFINITY;
                    continue;
                }
                double s = meet(f, q, v[k]);
                while (s <= z[k]) {
                    k--;
                    s = meet(f, q, v[k]);
                }
                k++;
                v[k] = q;
                z[k] = s;
                z[k + 1] = Double.POSITIVE_INFINITY;
            }
            if (k < 0) {
                for (int x = 0; x < width; x++) out[row + x] = far - 1;
                continue;
            }
            k = 0;
            for (int x = 0; x < width; x++) {
                while (z[k + 1] < x) k++;
                long dx = x - v[k];
                long d = dx * dx + f[v[k]];
                out[row + x] = d >= far - 1 ? far - 1 : (int) d;
            }
        }
        return out;
    }

    /** Where the parabolas of columns q and p (p &lt; q) cross. */
    private static double meet(long[] f, int q, int p) {
        return ((f[q] + (long) q * q) - (f[p] + (long) p * p)) / (2.0 * (q - p));
    }
}
