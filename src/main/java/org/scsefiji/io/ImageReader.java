package org.scsefiji.io;

import java.io.IOException;
import java.nio.file.Path;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Opens one image file for the core: its pixels and its spatial calibration. The pixels have dimensions X, Y and
 * optionally slice dimensions (Z, T, ...), one channel (see {@code model.ImageAxes#singleChannel}); their min is
 * zero. Colour or multi-channel files are refused with {@link MultiChannelImageException} so that callers can say
 * what to do about them; any other failure is an {@link IOException} whose message says what went wrong
 * (callers add the file name).
 *
 * <p>The implementations: {@link ImageIoReader} (the core's, for callers without ImageJ, e.g. {@code
 * train.SegmentationTrainer}'s default) and {@code imagej.ImageJImageReader} (every format ImageJ opens; Fiji and the
 * command line). Both read TIFF calibration as ImageJ writes it and
 * .vol files through {@code io.vol.VolReader}; {@code ImageReadersAgreeTest} holds them to the same pixels and
 * calibration.
 */
@FunctionalInterface
public interface ImageReader {
    /** The pixels and calibration of {@code file}. */
    CalibratedImage open(Path file) throws IOException;

    /** The pixels of {@code file}, for callers that do not need its calibration. */
    default RandomAccessibleInterval<? extends RealType<?>> read(Path file) throws IOException {
        return open(file).pixels();
    }
}
