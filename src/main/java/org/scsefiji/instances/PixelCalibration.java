package org.scsefiji.instances;

/** The size of a pixel in physical units (ImageJ's Properties: pixel width, height, unit). */
public final class PixelCalibration {
    /** 1 x 1 "pixel". */
    public static final PixelCalibration PIXELS = new PixelCalibration(1, 1, "pixel");

    private final double pixelWidth;
    private final double pixelHeight;
    private final String unit;

    public PixelCalibration(double pixelWidth, double pixelHeight, String unit) {
        if (!(pixelWidth > 0) || !(pixelHeight > 0) || Double.isInfinite(pixelWidth) || Double.isInfinite(pixelHeight)) {
            throw new IllegalArgumentException("pixel width and height must be positive, got " + pixelWidth + " x " + pixelHeight);
        }
        this.pixelWidth = pixelWidth;
        this.pixelHeight = pixelHeight;
        this.unit = unit == null || unit.isBlank() ? "pixel" : unit;
    }

    public double pixelWidth() {
        return pixelWidth;
    }

    public double pixelHeight() {
        return pixelHeight;
    }

    public String unit() {
        return unit;
    }

    public double pixelArea() {
        return pixelWidth * pixelHeight;
    }
}
