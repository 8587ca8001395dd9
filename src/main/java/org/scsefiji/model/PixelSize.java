package org.scsefiji.model;

import java.util.Locale;
import java.util.Objects;

/**
 * The physical size of one pixel of a 2-D slice, in micrometres: {@code width} across (X, dimension
 * 0; for OCT the spacing of A-scans) and {@code depth} down (Y, dimension 1; for OCT the axial
 * spacing). A model records the pixel size it was trained at (spec fields {@code pixel_width} and
 * {@code pixel_depth}); an image gets one from its calibration or from the user.
 */
public final class PixelSize {
    private final double width;
    private final double depth;

    /** @throws IllegalArgumentException unless both sizes are finite and positive */
    public PixelSize(double width, double depth) {
        if (!(width > 0) || !(depth > 0) || Double.isInfinite(width) || Double.isInfinite(depth)) {
            throw new IllegalArgumentException("pixel_width and pixel_depth must be positive micrometres, got " + width + " and " + depth);
        }
        this.width = width;
        this.depth = depth;
    }

    /**
     * The pixel size the options {@code pixel_width} and {@code pixel_depth} give: null when both are 0 (not
     * given), else both must be positive.
     *
     * @throws IllegalArgumentException naming both options when only one is given or either is negative
     */
    public static PixelSize given(double width, double depth) {
        if (width == 0 && depth == 0) return null;
        if (width == 0 || depth == 0) {
            throw new IllegalArgumentException("pixel_width and pixel_depth: give both or neither, got " + width + " and " + depth);
        }
        return new PixelSize(width, depth);
    }

    /** Micrometres per pixel across (X). */
    public double width() {
        return width;
    }

    /** Micrometres per pixel in depth (Y). */
    public double depth() {
        return depth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelSize && ((PixelSize) o).width == width && ((PixelSize) o).depth == depth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, depth);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4g x %.4g um", width, depth);
    }
}
