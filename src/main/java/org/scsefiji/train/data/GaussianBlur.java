package org.scsefiji.train.data;

/** A separable Gaussian blur of one 2-D float patch in place, borders mirrored (kernel radius 3 sigma). */
final class GaussianBlur {
    private GaussianBlur() {}

    static void blur(float[] a, int base, int width, int height, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        float[] line = new float[Math.max(width, height)];
        for (int y = 0; y < height; y++) {
            int row = base + y * width;
            for (int x = 0; x < width; x++) line[x] = a[row + x];
            for (int x = 0; x < width; x++) a[row + x] = convolve(line, width, x, k, radius);
        }
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) line[y] = a[base + y * width + x];
            for (int y = 0; y < height; y++) a[base + y * width + x] = convolve(line, height, y, k, radius);
        }
    }

    private static float convolve(float[] line, int n, int at, double[] k, int radius) {
        double s = 0;
        for (int i = -radius; i <= radius; i++) s += k[i + radius] * line[PatchTransform.mirror(at + i, n)];
        return (float) s;
    }
}
