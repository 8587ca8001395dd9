package org.scsefiji.imagej;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import org.scsefiji.model.ImageAxes;

/** An ImagePlus as the core sees it: its pixels as an ImgLib2 image and the role of each dimension. */
public final class ImagePlusView {
    private final RandomAccessibleInterval<? extends RealType<?>> pixels;
    private final ImageAxes axes;

    ImagePlusView(RandomAccessibleInterval<? extends RealType<?>> pixels, ImageAxes axes) {
        this.pixels = pixels;
        this.axes = axes;
    }

    /** X, Y, then C, Z, T where larger than 1; shares the ImagePlus pixel arrays. */
    public RandomAccessibleInterval<? extends RealType<?>> pixels() {
        return pixels;
    }

    public ImageAxes axes() {
        return axes;
    }
}
