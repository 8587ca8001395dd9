package org.scsefiji.imagej;

import java.io.IOException;
import java.nio.file.Path;
import org.scsefiji.io.CalibratedImage;
import org.scsefiji.io.ImageReader;

/**
 * The core's image reader in Fiji: every format ImageJ (and Fiji's readers) can open, with ImageJ's error messages
 * ({@link ImageFiles#read}), converted by {@link ImagePlusViews#calibrated}. Colour and multi-channel images are
 * refused as the core expects.
 */
public final class ImageJImageReader implements ImageReader {
    @Override
    public CalibratedImage open(Path file) throws IOException {
        try {
            return ImagePlusViews.calibrated(ImageFiles.read(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
