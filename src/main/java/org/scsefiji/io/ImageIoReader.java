package org.scsefiji.io;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.io.vol.VolFile;
import org.scsefiji.io.vol.VolFormatException;
import org.scsefiji.io.vol.VolPixels;
import org.scsefiji.io.vol.VolReader;

/**
 * Reads images through javax.imageio, which since Java 9 includes TIFF (uncompressed, LZW, PackBits,
 * Deflate), besides PNG, BMP, GIF and JPEG. Every page of a multi-page TIFF becomes one slice.
 * 8-bit and 1-bit samples give unsigned bytes, 16-bit unsigned samples unsigned shorts, everything
 * else (signed 16-bit, 32-bit integer or float, 64-bit) 32-bit floats. Palette images give their
 * indices, which is what label images need. A TIFF's calibration is read as ImageJ reads it ({@link TiffCalibration});
 * other formats are uncalibrated. Heidelberg {@code .vol} files go to {@link VolReader} (8-bit B-scans as Heyex
 * shows them, calibrated in um). ImageJ's TIFFs with a LUT in a 16- or 32-bit page are read too ({@link
 * MisplacedColorMaps}). The reader of the core, needing no ImageJ; Fiji and the command line read through {@code
 * imagej.ImageJImageReader}, which gives the same pixels and calibration for these files.
 */
public final class ImageIoReader implements ImageReader {
    @Override
    public CalibratedImage open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("does not exist or is not a file");
        if (VolReader.isVolFile(file)) return volBScans(file);
        try (ImageInputStream in = MisplacedColorMaps.open(file.toFile())) {
            Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException("is not in an image format this reader knows (use TIFF or PNG)");
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, false);
                RandomAccessibleInterval<? extends RealType<?>> pixels = readPages(reader);
                PixelCalibration calibration = TiffCalibration.of(reader.getImageMetadata(0));
                return new CalibratedImage(pixels, pixels.numDimensions() > 2 ? calibration : calibration.singleSlice());
            } catch (IOException | RuntimeException e) {
                if (e instanceof MultiChannelImageException) throw e;
                throw new IOException("cannot be decoded (" + e.getMessage() + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Heidelberg .vol B-scans, 8-bit as Heyex shows them; one B-scan gives a 2-D image like a one-page TIFF. */
    private static CalibratedImage volBScans(Path file) throws IOException {
        try {
            VolFile vol = VolReader.read(file, VolPixels.DISPLAY_8BIT);
            RandomAccessibleInterval<? extends RealType<?>> v = vol.pixels();
            PixelCalibration calibration = PixelCalibration.of(vol.header().voxelSize());
            return v.dimension(2) == 1 ? new CalibratedImage(Views.hyperSlice(v, 2, 0), calibration.singleSlice())
                    : new CalibratedImage(v, calibration);
        } catch (VolFormatException e) {
            throw new IOException(e.problem(), e); // callers add the file name
        }
    }

    private static RandomAccessibleInterval<? extends RealType<?>> readPages(javax.imageio.ImageReader reader) throws IOException {
        int pages = reader.getNumImages(true);
        if (pages < 1) throw new IOException("contains no image");
        Raster first = reader.read(0).getRaster();
        int w = first.getWidth();
        int h = first.getHeight();
        if (first.getNumBands() != 1) throw new MultiChannelImageException(first.getNumBands());
        int dataType = first.getDataBuffer().getDataType();
        int plane = w * h;
        long[] dims = pages == 1 ? new long[] {w, h} : new long[] {w, h, pages};
        if ((long) plane * pages > Integer.MAX_VALUE) throw new IOException("is too large to read in one piece");
        boolean bytes = dataType == DataBuffer.TYPE_BYTE;
        boolean shorts = dataType == DataBuffer.TYPE_USHORT;
        int[] ints = bytes || shorts ? new int[plane] : null;
        byte[] b = bytes ? new byte[plane * pages] : null;
        short[] s = shorts ? new short[plane * pages] : null;
        float[] f = bytes || shorts ? null : new float[plane * pages];
        float[] fpage = f == null ? null : new float[plane];
        for (int p = 0; p < pages; p++) {
            Raster r = p == 0 ? first : reader.read(p).getRaster();
            if (r.getWidth() != w || r.getHeight() != h) {
                throw new IOException("has pages of different sizes (page 1 is " + w + " x " + h + ", page " + (p + 1)
                        + " is " + r.getWidth() + " x " + r.getHeight() + ")");
            }
            if (r.getNumBands() != 1) throw new MultiChannelImageException(r.getNumBands());
            if (r.getDataBuffer().getDataType() != dataType) throw new IOException("has pages of different bit depths");
            int off = p * plane;
            if (b != null) {
                r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, ints);
                for (int i = 0; i < plane; i++) b[off + i] = (byte) ints[i];
            } else if (s != null) {
                r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, ints);
                for (int i = 0; i < plane; i++) s[off + i] = (short) ints[i];
            } else {
                r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, fpage);
                System.arraycopy(fpage, 0, f, off, plane);
            }
        }
        if (b != null) return ArrayImgs.unsignedBytes(b, dims);
        if (s != null) return ArrayImgs.unsignedShorts(s, dims);
        return ArrayImgs.floats(f, dims);
    }
}
