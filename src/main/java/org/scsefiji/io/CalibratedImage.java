package org.scsefiji.io;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** An image as an {@link ImageReader} returns it: its pixels and the spatial calibration its file states. */
public final class CalibratedImage {
    private final RandomAccessibleInterval<? extends RealType<?>> pixels;
    private final PixelCalibration calibration;

    public CalibratedImage(RandomAccessibleInterval<? extends RealType<?>> pixels, PixelCalibration calibration) {
        this.pixels = pixels;
        this.calibration = calibration == null ? PixelCalibration.NONE : calibration;
    }

    /** Dimensions X, Y and optionally slice dimensions; one channel; min zero. */
    public RandomAccessibleInterval<? extends RealType<?>> pixels() {
        return pixels;
    }

    public PixelCalibration calibration() {
        return calibration;
    }
}
