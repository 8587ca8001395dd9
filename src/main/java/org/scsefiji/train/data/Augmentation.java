package org.scsefiji.train.data;

import java.util.Locale;
import java.util.Random;

/**
 * How training patches are changed at random so that a network learns the anatomy, not one device.
 *
 * <p>A model trained on a few dozen images of one device and one disease learns that device's
 * brightness, contrast, speckle and pixel size. Each training patch is therefore drawn through a random
 * geometric transform (zoom across and in depth, independently and log-uniformly, because devices differ
 * in pixel size by up to four times across; a small rotation; a shift in depth, because the retina sits
 * at different heights; the left-right flip) and then given random intensity changes (gamma, contrast and
 * brightness, blur, multiplicative speckle and additive noise), each of the latter with probability 1/2.
 *
 * <p>All draws come from the sampler's per-epoch generator, so runs are repeatable and a resumed run
 * draws what an uninterrupted one would. Validation tiles are never changed.
 */
public final class Augmentation {
    /** Which families of changes are on; {@code flip} is separate and works in every mode. */
    public enum Mode {
        NONE, INTENSITY, GEOMETRY, FULL;

        public static Mode parse(String word, String key) {
            try {
                return valueOf(word.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + " must be none, intensity, geometry or full, got '" + word + "'");
            }
        }
    }

    final Mode mode;
    final double[] scaleAcross;
    /** Null: the zoom across is used in depth too (an isotropic zoom, for content without a depth axis). */
    final double[] scaleDepth;
    final double rotationDegrees;
    final double shiftDepth;
    final double[] gamma;
    final double contrast;
    final double brightness;
    final double noise;
    final double blur;

    /**
     * @param scaleAcross {min, max} zoom across (x): &gt; 1 shows the content larger, as a device with finer pixels
     * @param scaleDepth {min, max} zoom in depth (y), or null for the zoom drawn across (isotropic)
     * @param rotationDegrees largest rotation either way
     * @param shiftDepth largest shift in depth, as a fraction of the image height
     * @param gamma {min, max} gamma of the patch's intensity range (log-uniform)
     * @param contrast largest relative contrast change either way
     * @param brightness largest brightness change, as a fraction of the patch's intensity range
     * @param noise largest standard deviation of speckle (relative) and additive noise (fraction of range)
     * @param blur largest Gaussian blur sigma in pixels
     */
    public Augmentation(Mode mode, double[] scaleAcross, double[] scaleDepth, double rotationDegrees, double shiftDepth,
            double[] gamma, double contrast, double brightness, double noise, double blur) {
        this.mode = mode;
        this.scaleAcross = range(scaleAcross, "scale_across", true);
        this.scaleDepth = scaleDepth == null ? null : range(scaleDepth, "scale_depth", true);
        this.gamma = range(gamma, "gamma", true);
        this.rotationDegrees = atLeastZero(rotationDegrees, "rotation");
        this.shiftDepth = atLeastZero(shiftDepth, "shift_depth");
        this.contrast = atLeastZero(contrast, "contrast");
        this.brightness = atLeastZero(brightness, "brightness");
        this.noise = atLeastZero(noise, "noise");
        this.blur = atLeastZero(blur, "blur");
        if (this.contrast >= 1) throw new IllegalArgumentException("contrast must be < 1 (a relative change), got " + contrast);
    }

    /** No change at all (flips aside). */
    public static Augmentation none() {
        return new Augmentation(Mode.NONE, new double[] {1, 1}, new double[] {1, 1}, 0, 0, new double[] {1, 1}, 0, 0, 0, 0);
    }

    public boolean geometric() {
        return mode == Mode.GEOMETRY || mode == Mode.FULL;
    }

    public boolean intensity() {
        return mode == Mode.INTENSITY || mode == Mode.FULL;
    }

    /** Draws one patch's changes, or null when nothing changes beyond the plain flip. */
    PatchTransform draw(Random r) {
        if (mode == Mode.NONE) return null;
        double zx = 1;
        double zy = 1;
        double angle = 0;
        double shift = 0;
        if (geometric()) {
            zx = logUniform(r, scaleAcross);
            zy = scaleDepth == null ? zx : logUniform(r, scaleDepth);
            angle = Math.toRadians(uniform(r, -rotationDegrees, rotationDegrees));
            shift = uniform(r, -shiftDepth, shiftDepth);
        }
        double g = 1;
        double c = 1;
        double b = 0;
        double sigmaBlur = 0;
        double speckle = 0;
        double additive = 0;
        long noiseSeed = 0;
        if (intensity()) {
            // every family draws its value whether or not it is used, so that one family's probability
            // does not shift the random stream of the others
            boolean useGamma = r.nextBoolean();
            double gv = logUniform(r, gamma);
            boolean useContrast = r.nextBoolean();
            double cv = uniform(r, 1 - contrast, 1 + contrast);
            double bv = uniform(r, -brightness, brightness);
            boolean useBlur = r.nextBoolean();
            double blurV = uniform(r, 0, blur);
            boolean useSpeckle = r.nextBoolean();
            double speckleV = uniform(r, 0, noise);
            boolean useAdditive = r.nextBoolean();
            double additiveV = uniform(r, 0, noise);
            noiseSeed = r.nextLong();
            if (useGamma) g = gv;
            if (useContrast) {
                c = cv;
                b = bv;
            }
            if (useBlur) sigmaBlur = blurV;
            if (useSpeckle) speckle = speckleV;
            if (useAdditive) additive = additiveV;
        }
        return new PatchTransform(zx, zy, angle, shift, g, c, b, sigmaBlur, speckle, additive, noiseSeed);
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static double logUniform(Random r, double[] range) {
        double lo = Math.log(range[0]);
        double hi = Math.log(range[1]);
        return Math.exp(lo + (hi - lo) * r.nextDouble());
    }

    private static double uniform(Random r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double[] range(double[] v, String key, boolean positive) {
        if (v == null || v.length != 2 || !(v[0] <= v[1]) || (positive && !(v[0] > 0)) || !Double.isFinite(v[1])) {
            throw new IllegalArgumentException(key + " must be two numbers min,max with 0 < min <= max");
        }
        return v.clone();
    }

    private static double atLeastZero(double v, String key) {
        if (!(v >= 0) || !Double.isFinite(v)) throw new IllegalArgumentException(key + " must be >= 0, got " + v);
        return v;
    }
}
