package org.scsefiji.train.data;

import java.util.Random;

/**
 * One training patch's random changes, drawn by {@link Augmentation}: where each patch pixel is read
 * from in the slice, and how its intensities are altered afterwards.
 *
 * <p>Geometry: patch pixel (px, py) is read at the slice position
 * {@code centre + R(angle) (dx, dy) / (zoomX, zoomY)} with (dx, dy) its offset from the patch centre
 * (x mirrored for a flipped patch) and the centre shifted in depth by {@code shift} image heights.
 * Positions outside the slice are mirrored back into it, image and labels alike, so labels stay true to
 * the pixels they label. The image is read bilinearly; labels and weights from the nearest pixel, since
 * class ids cannot be averaged.
 */
final class PatchTransform {
    final double zoomX;
    final double zoomY;
    final double angle;
    final double shift;
    final double gamma;
    final double contrast;
    final double brightness;
    final double blurSigma;
    final double speckle;
    final double additive;
    final long noiseSeed;

    PatchTransform(double zoomX, double zoomY, double angle, double shift, double gamma, double contrast,
            double brightness, double blurSigma, double speckle, double additive, long noiseSeed) {
        this.zoomX = zoomX;
        this.zoomY = zoomY;
        this.angle = angle;
        this.shift = shift;
        this.gamma = gamma;
        this.contrast = contrast;
        this.brightness = brightness;
        this.blurSigma = blurSigma;
        this.speckle = speckle;
        this.additive = additive;
        this.noiseSeed = noiseSeed;
    }

    boolean moves() {
        return zoomX != 1 || zoomY != 1 || angle != 0 || shift != 0;
    }

    /**
     * Reads a {@code width x height} patch centred on ({@code cx}, {@code cy}) of a {@code w x h} slice
     * into {@code pixels}, {@code labels} and {@code weights} (may be null) from offset {@code base}.
     */
    void sample(float[] src, byte[] ids, float[] wts, int w, int h, double cx, double cy, boolean flip,
            int width, int height, float[] pixels, int[] labels, float[] weights, int base) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double centreY = cy + shift * h;
        double halfW = (width - 1) / 2.0;
        double halfH = (height - 1) / 2.0;
        for (int py = 0; py < height; py++) {
            double dy = py - halfH;
            for (int px = 0; px < width; px++) {
                double dx = flip ? halfW - px : px - halfW;
                double sx = cx + (cos * dx - sin * dy) / zoomX;
                double sy = centreY + (sin * dx + cos * dy) / zoomY;
                int o = base + py * width + px;
                pixels[o] = bilinear(src, w, h, sx, sy);
                int s = mirror((int) Math.round(sy), h) * w + mirror((int) Math.round(sx), w);
                labels[o] = ids[s] & 0xff;
                if (weights != null) weights[o] = wts[s];
            }
        }
    }

    /**
     * Applies gamma, contrast and brightness, blur, speckle and noise to one patch's pixels in place; the
     * results are clipped to the patch's range before the changes.
     */
    void alterIntensities(float[] pixels, int base, int width, int height) {
        int n = width * height;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = base; i < base + n; i++) {
            lo = Math.min(lo, pixels[i]);
            hi = Math.max(hi, pixels[i]);
            sum += pixels[i];
        }
        double range = hi - lo;
        if (!(range > 0)) return;
        if (gamma != 1) {
            for (int i = base; i < base + n; i++) pixels[i] = (float) (lo + range * Math.pow((pixels[i] - lo) / range, gamma));
        }
        if (contrast != 1 || brightness != 0) {
            double mean = gamma == 1 ? sum / n : mean(pixels, base, n);
            for (int i = base; i < base + n; i++) pixels[i] = (float) ((pixels[i] - mean) * contrast + mean + brightness * range);
        }
        if (blurSigma > 0.05) GaussianBlur.blur(pixels, base, width, height, blurSigma);
        if (speckle > 0 || additive > 0) {
            Random r = new Random(noiseSeed);
            for (int i = base; i < base + n; i++) {
                double v = pixels[i];
                if (speckle > 0) v = lo + (v - lo) * (1 + speckle * r.nextGaussian());
                if (additive > 0) v += additive * range * r.nextGaussian();
                pixels[i] = (float) v;
            }
        }
        // Kept inside the patch's own range, as a detector saturates. Also a guard: inputs outside it
        // (negative ones in particular) made some training steps return NaN, not reproducibly.
        for (int i = base; i < base + n; i++) pixels[i] = Math.max(lo, Math.min(hi, pixels[i]));
    }

    private static double mean(float[] a, int base, int n) {
        double s = 0;
        for (int i = base; i < base + n; i++) s += a[i];
        return s / n;
    }

    private static float bilinear(float[] src, int w, int h, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        int xa = mirror(x0, w);
        int xb = mirror(x0 + 1, w);
        int ya = mirror(y0, h) * w;
        int yb = mirror(y0 + 1, h) * w;
        double top = src[ya + xa] * (1 - fx) + src[ya + xb] * fx;
        double bottom = src[yb + xa] * (1 - fx) + src[yb + xb] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    /** Mirrors an index into [0, n) without repeating the edge pixel (period 2n - 2). */
    static int mirror(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * n - 2;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
