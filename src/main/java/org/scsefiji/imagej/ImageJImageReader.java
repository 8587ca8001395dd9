package org.scsefiji.imagej;

import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Path;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import org.scsefiji.io.ImageReader;
import org.scsefiji.io.MultiChannelImageException;

/**
 * The core's image reader backed by ImageJ, so training and evaluation in Fiji read every format ImageJ
 * (and Fiji's readers) can open, with ImageJ's error messages. Colour and multi-channel images are
 * refused as the core expects.
 */
public final class ImageJImageReader implements ImageReader {
    @Override
    public RandomAccessibleInterval<? extends RealType<?>> read(Path file) throws IOException {
        ImagePlus imp = ImageFiles.read(file);
        if (imp.getType() == ImagePlus.COLOR_RGB) throw new MultiChannelImageException(3);
        if (imp.getNChannels() > 1) throw new MultiChannelImageException(imp.getNChannels());
        try {
            return ImagePlusViews.wrap(imp).pixels();
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
