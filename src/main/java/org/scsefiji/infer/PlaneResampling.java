package org.scsefiji.infer;

/**
 * Resamples 2-D float planes (row-major, index y * width + x) to another size, separably: linear
 * interpolation where a dimension grows or stays, area averaging (each target pixel the mean over the
 * source pixels it covers, by overlap) where it shrinks, so shrinking speckled OCT does not alias.
 * Pixel centres are aligned: target pixel i sits at source position (i + 0.5) * source / target - 0.5.
 * A dimension of the same size is copied exactly.
 */
final class PlaneResampling {
    private PlaneResampling() {
    }

    /** The source pixels and weights of each target pixel along one dimension. */
    static final class Taps {
        final int[] first;
        final float[][] weights;

        Taps(int[] first, float[][] weights) {
            this.first = first;
            this.weights = weights;
        }
    }

    static Taps taps(int source, int target) {
        if (source < 1 || target < 1) throw new IllegalArgumentException("sizes must be positive, got " + source + " -> " + target);
        int[] first = new int[target];
        float[][] w = new float[target][];
        double ratio = (double) source / target;
        for (int i = 0; i < target; i++) {
            if (target >= source) {
                double c = Math.min(source - 1, Math.max(0, (i + 0.5) * ratio - 0.5));
                int i0 = (int) Math.floor(c);
                double f = c - i0;
                if (i0 + 1 >= source || f == 0) {
                    first[i] = i0;
                    w[i] = new float[] {1};
                } else {
                    first[i] = i0;
                    w[i] = new float[] {(float) (1 - f), (float) f};
                }
            } else {
                double lo = i * ratio;
                double hi = (i + 1) * ratio;
                int j0 = (int) Math.floor(lo);
                int j1 = Math.min(source - 1, (int) Math.ceil(hi) - 1);
                first[i] = j0;
                w[i] = new float[j1 - j0 + 1];
                for (int j = j0; j <= j1; j++) {
                    double overlap = Math.min(hi, j + 1) - Math.max(lo, j);
                    w[i][j - j0] = (float) (overlap / ratio);
                }
            }
        }
        return new Taps(first, w);
    }

    /** {@code plane} (width x height) resampled to targetWidth x targetHeight. */
    static float[] resample(float[] plane, int width, int height, int targetWidth, int targetHeight) {
        if (plane.length != width * height) throw new IllegalArgumentException("plane holds " + plane.length + " values, not " + width + " x " + height);
        if (width == targetWidth && height == targetHeight) return plane.clone();
        Taps tx = taps(width, targetWidth);
        float[] rows = new float[targetWidth * height];
        for (int y = 0; y < height; y++) {
            int in = y * width;
            int out = y * targetWidth;
            for (int x = 0; x < targetWidth; x++) {
                float[] w = tx.weights[x];
                int j = in + tx.first[x];
                double sum = 0;
                for (int k = 0; k < w.length; k++) sum += w[k] * plane[j + k];
                rows[out + x] = (float) sum;
            }
        }
        if (height == targetHeight) return rows;
        Taps ty = taps(height, targetHeight);
        float[] result = new float[targetWidth * targetHeight];
        for (int y = 0; y < targetHeight; y++) {
            float[] w = ty.weights[y];
            int out = y * targetWidth;
            for (int k = 0; k < w.length; k++) {
                int in = (ty.first[y] + k) * targetWidth;
                float wk = w[k];
                for (int x = 0; x < targetWidth; x++) result[out + x] += wk * rows[in + x];
            }
        }
        return result;
    }
}
