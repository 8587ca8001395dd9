package org.scsefiji.io;

import java.io.IOException;
import java.nio.file.Path;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Opens one image file for the core. The result has dimensions X, Y and optionally slice dimensions
 * (Z, T, ...), one channel (see {@code model.ImageAxes#singleChannel}); its min is zero. Colour or
 * multi-channel files are refused with {@link MultiChannelImageException} so that callers can say what
 * to do about them; any other failure is an {@link IOException} whose message says what went wrong
 * (callers add the file name).
 */
@FunctionalInterface
public interface ImageReader {
    RandomAccessibleInterval<? extends RealType<?>> read(Path file) throws IOException;
}
