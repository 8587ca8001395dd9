package org.scsefiji.io;

import java.util.Locale;

/**
 * The physical size of one pixel of an image stack, in micrometres: {@code width} across (X), {@code height}
 * down (Y; for OCT B-scans the depth of one A-scan pixel), {@code depth} between slices (for an OCT volume
 * the distance between B-scans; 0 when unknown or for a single slice).
 */
public final class VoxelSize {
    private final double width;
    private final double height;
    private final double depth;

    public VoxelSize(double width, double height, double depth) {
        if (!(width > 0) || !(height > 0) || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("Pixel width and height must be positive micrometres, got " + width + " x " + height);
        }
        if (!(depth >= 0) || !Double.isFinite(depth)) {
            throw new IllegalArgumentException("Slice spacing must be 0 or positive micrometres, got " + depth);
        }
        this.width = width;
        this.height = height;
        this.depth = depth;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public double depth() {
        return depth;
    }


    /**
     * Converts a calibration given in {@code unit} (um, micron, µm, mm, nm, m; case-insensitive) to micrometres.
     *
     * @throws IllegalArgumentException for any other unit (such as "pixel": the image is not calibrated)
     */
    public static VoxelSize of(double width, double height, double depth, String unit) {
        double f = micrometresPer(unit);
        return new VoxelSize(width * f, height * f, depth * f);
    }

    /** Micrometres in one {@code unit}. */
    public static double micrometresPer(String unit) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "um": case "µm": case "μm": case "micron": case "microns": case "micrometer": case "micrometre":
                return 1;
            case "mm": case "millimeter": case "millimetre":
                return 1000;
            case "nm": case "nanometer": case "nanometre":
                return 0.001;
            case "m": case "meter": case "metre":
                return 1e6;
            default:
                throw new IllegalArgumentException("The image is not calibrated in a length unit (unit '" + unit
                        + "'); set the pixel size in micrometres (Image > Properties in Fiji)");
        }
    }
}
