package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import java.util.ArrayList;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import org.scsefiji.io.CalibratedImage;
import org.scsefiji.io.MultiChannelImageException;
import org.scsefiji.io.PixelCalibration;
import org.scsefiji.io.VoxelSize;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.PixelSize;

/**
 * ImgLib2 views of ImagePlus pixels, without copying: a PlanarImg whose planes are the ImageJ pixel
 * arrays, so a change on either side is seen on the other. Dimension order is ImageJ's X, Y, C, Z, T
 * with dimensions of size 1 left out. Raw pixel values are used (no density calibration). Virtual
 * stacks are read plane by plane into memory, so for them the view is a copy. The one place where ImageJ's
 * images and calibration become the core's and back ({@link ResultImages} builds result images from core pixels).
 */
public final class ImagePlusViews {
    private ImagePlusViews() {
    }

    /** An intensity image for the network: 8-bit, 16-bit or 32-bit grey; channels become the channel axis. */
    public static ImagePlusView wrap(ImagePlus imp) {
        if (imp.getType() == ImagePlus.COLOR_RGB) {
            throw new IllegalArgumentException("Image '" + imp.getTitle() + "' is RGB colour, which scSE cannot take as input."
                + " Convert it to 8-bit (Image > Type > 8-bit) or split the channels (Image > Color > Split Channels).");
        }
        if (imp.getType() == ImagePlus.COLOR_256) {
            throw new IllegalArgumentException("Image '" + imp.getTitle() + "' is 8-bit indexed colour: its pixel values"
                + " index a colour table, they are not intensities. Convert it to 8-bit (Image > Type > 8-bit) or to RGB"
                + " and split the channels.");
        }
        int[] czt = czt(imp);
        List<Long> dims = new ArrayList<>(List.of((long) imp.getWidth(), (long) imp.getHeight()));
        for (int size : czt) {
            if (size > 1) dims.add((long) size);
        }
        ImageAxes axes = new ImageAxes(dims.size(), czt[0] > 1 ? 2 : ImageAxes.NO_CHANNEL);
        return new ImagePlusView(planar(imp, dims.stream().mapToLong(Long::longValue).toArray()), axes);
    }

    /**
     * A one-channel image as the core's readers return it ({@code io.ImageReader}): pixels shared with the
     * ImagePlus, and its spatial calibration.
     *
     * @throws MultiChannelImageException for RGB or multi-channel images
     * @throws IllegalArgumentException for images that cannot be wrapped (8-bit indexed colour)
     */
    public static CalibratedImage calibrated(ImagePlus imp) throws MultiChannelImageException {
        if (imp.getType() == ImagePlus.COLOR_RGB) throw new MultiChannelImageException(3);
        if (imp.getNChannels() > 1) throw new MultiChannelImageException(imp.getNChannels());
        return new CalibratedImage(wrap(imp).pixels(), calibration(imp));
    }

    /** The spatial calibration of {@code imp} in the core's terms; depth 0 for a single slice. */
    public static PixelCalibration calibration(ImagePlus imp) {
        Calibration cal = imp.getCalibration();
        PixelCalibration c = new PixelCalibration(cal.pixelWidth, cal.pixelHeight, cal.pixelDepth, cal.getUnit());
        return imp.getStackSize() > 1 ? c : c.singleSlice();
    }

    /** ImageJ's calibration for the core's; a single slice (depth 0) gets ImageJ's default depth of 1. */
    public static Calibration calibration(PixelCalibration c) {
        Calibration cal = new Calibration();
        if (c.unit().equals("pixel")) return cal;
        cal.setUnit(c.unit());
        cal.pixelWidth = c.width();
        cal.pixelHeight = c.height();
        cal.pixelDepth = c.depth() > 0 ? c.depth() : 1;
        return cal;
    }

    /**
     * The image's pixel size in micrometres from its spatial calibration (ImageJ TIFF calibration,
     * Image > Properties), or null when it has none (unit "pixel" or unknown) or it is not positive.
     */
    public static PixelSize pixelSize(ImagePlus imp) {
        PixelCalibration c = calibration(imp);
        if (!c.isPhysical()) return null;
        VoxelSize v = c.voxelSize();
        return new PixelSize(v.width(), v.height());
    }

    /** A label image (class ids): 8-bit or 16-bit, one channel; any LUT. Dimensions X, Y, then Z, T where larger than 1. */
    public static RandomAccessibleInterval<? extends IntegerType<?>> wrapLabels(ImagePlus imp) {
        if (imp.getBitDepth() != 8 && imp.getBitDepth() != 16) {
            throw new IllegalArgumentException("Label image '" + imp.getTitle() + "' is " + typeName(imp)
                + "; labels must be 8-bit or 16-bit class ids. Convert it (Image > Type > 8-bit or 16-bit, without scaling).");
        }
        int[] czt = czt(imp);
        if (czt[0] > 1) {
            throw new IllegalArgumentException("Label image '" + imp.getTitle() + "' has " + czt[0]
                + " channels; labels need one channel of class ids.");
        }
        List<Long> dims = new ArrayList<>(List.of((long) imp.getWidth(), (long) imp.getHeight()));
        if (czt[1] > 1) dims.add((long) czt[1]);
        if (czt[2] > 1) dims.add((long) czt[2]);
        @SuppressWarnings("unchecked")
        RandomAccessibleInterval<? extends IntegerType<?>> labels =
            (RandomAccessibleInterval<? extends IntegerType<?>>) planar(imp, dims.stream().mapToLong(Long::longValue).toArray());
        return labels;
    }

    /** The planes of a label image made by {@link ResultImages#emptyLabelImage} as an image of exactly {@code dims}, without copying. */
    public static RandomAccessibleInterval<? extends IntegerType<?>> wrapLabels(ImagePlus imp, long[] dims) {
        if (imp.getBitDepth() != 8 && imp.getBitDepth() != 16) throw new IllegalArgumentException("Label image '" + imp.getTitle() + "' is " + typeName(imp));
        @SuppressWarnings("unchecked")
        RandomAccessibleInterval<? extends IntegerType<?>> labels = (RandomAccessibleInterval<? extends IntegerType<?>>) planar(imp, dims);
        return labels;
    }

    /** Channels, slices, frames; a stack whose sizes disagree with its hyperstack dimensions counts as Z slices. */
    private static int[] czt(ImagePlus imp) {
        int c = imp.getNChannels(), z = imp.getNSlices(), t = imp.getNFrames();
        int n = imp.getStackSize();
        return (long) c * z * t == n ? new int[] {c, z, t} : new int[] {1, n, 1};
    }

    /** ImageJ's stack order (C fastest, then Z, then T) is PlanarImg's plane order, so planes map one to one. */
    private static PlanarImg<? extends RealType<?>, ?> planar(ImagePlus imp, long[] dims) {
        ImageStack stack = imp.getStack();
        int n = stack.getSize();
        switch (imp.getBitDepth()) {
            case 8: {
                List<ByteArray> planes = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) planes.add(new ByteArray((byte[]) stack.getPixels(i)));
                PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(planes, dims, new Fraction());
                img.setLinkedType(new UnsignedByteType(img));
                return img;
            }
            case 16: {
                List<ShortArray> planes = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) planes.add(new ShortArray((short[]) stack.getPixels(i)));
                PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, dims, new Fraction());
                img.setLinkedType(new UnsignedShortType(img));
                return img;
            }
            case 32: {
                List<FloatArray> planes = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) planes.add(new FloatArray((float[]) stack.getPixels(i)));
                PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, dims, new Fraction());
                img.setLinkedType(new FloatType(img));
                return img;
            }
            default:
                throw new IllegalArgumentException("Image '" + imp.getTitle() + "' is " + typeName(imp) + ", which cannot be wrapped.");
        }
    }

    private static String typeName(ImagePlus imp) {
        switch (imp.getType()) {
            case ImagePlus.COLOR_RGB: return "RGB colour";
            case ImagePlus.COLOR_256: return "8-bit indexed colour";
            case ImagePlus.GRAY32: return "32-bit";
            default: return imp.getBitDepth() + "-bit";
        }
    }
}
