package org.scsefiji.io;

import java.util.Objects;

/**
 * The spatial calibration of an image as its file states it: the size of one pixel across ({@code width}, X),
 * down ({@code height}, Y) and between slices ({@code depth}; 0 for an image of one slice), in {@code unit} (as written, e.g. "micron",
 * "mm", "inch", with "um" spelt "\u00B5m" as ImageJ does; "pixel" when the file gives none). {@link #voxelSize()} converts it to micrometres for
 * code that needs physical sizes (layer thickness, resampling to a model's pixel size).
 */
public final class PixelCalibration {
    /** No calibration: one pixel is one "pixel". */
    public static final PixelCalibration NONE = new PixelCalibration(1, 1, 1, "pixel");

    private final double width;
    private final double height;
    private final double depth;
    private final String unit;

    public PixelCalibration(double width, double height, double depth, String unit) {
        this.width = width;
        this.height = height;
        this.depth = depth;
        String u = unit == null || unit.isBlank() ? "pixel" : unit.trim();
        this.unit = u.equals("um") ? "\u00B5m" : u; // as ImageJ's Calibration.setUnit spells it
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

    public String unit() {
        return unit;
    }

    /** The area of one pixel, in {@link #unit} squared. */
    public double area() {
        return width * height;
    }

    /** True when the unit is a length {@link VoxelSize} knows and width and height are positive. */
    public boolean isPhysical() {
        try {
            voxelSize();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The pixel size in micrometres. A single slice has no meaningful depth, so a depth that is not positive gives 0.
     *
     * @throws IllegalArgumentException when the image is not calibrated in a length unit (the message says how to fix it)
     */
    public VoxelSize voxelSize() {
        double f = VoxelSize.micrometresPer(unit);
        return new VoxelSize(width * f, height * f, depth > 0 ? depth * f : 0);
    }

    /** The same calibration for an image of one slice (depth 0). */
    public PixelCalibration singleSlice() {
        return new PixelCalibration(width, height, 0, unit);
    }

    /** The calibration of a voxel size in micrometres. */
    public static PixelCalibration of(VoxelSize size) {
        return new PixelCalibration(size.width(), size.height(), size.depth(), "um");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PixelCalibration)) return false;
        PixelCalibration c = (PixelCalibration) o;
        return width == c.width && height == c.height && depth == c.depth && unit.equals(c.unit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, depth, unit);
    }

    @Override
    public String toString() {
        return width + " x " + height + " x " + depth + " " + unit;
    }
}
