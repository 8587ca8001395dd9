package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import ij.process.ImageConverter;
import ij.process.ShortProcessor;
import java.nio.file.Path;
import java.util.Random;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePlusViewsTest {
    private static final int W = 7, H = 5;

    private static ImageProcessor randomPlane(int bitDepth, Random random) {
        ImageProcessor ip = bitDepth == 8 ? new ByteProcessor(W, H) : bitDepth == 16 ? new ShortProcessor(W, H) : new FloatProcessor(W, H);
        for (int i = 0; i < W * H; i++) {
            if (bitDepth == 32) ip.setf(i, (float) random.nextGaussian() * 100);
            else ip.set(i, random.nextInt(bitDepth == 8 ? 256 : 65536));
        }
        return ip;
    }

    private static double at(RandomAccessibleInterval<? extends RealType<?>> img, long... pos) {
        RandomAccess<? extends RealType<?>> ra = img.randomAccess();
        ra.setPosition(pos);
        return ra.get().getRealDouble();
    }

    @Test
    void planesAreWrappedWithIdenticalValuesAndNoCopy() {
        Random random = new Random(11);
        for (int bitDepth : new int[] {8, 16, 32}) {
            ImageProcessor ip = randomPlane(bitDepth, random);
            ImagePlus imp = new ImagePlus("plane" + bitDepth, ip);
            ImagePlusView wrapped = ImagePlusViews.wrap(imp);
            assertArrayEquals(new long[] {W, H}, Intervals.dimensionsAsLongArray(wrapped.pixels()));
            assertEquals(2, wrapped.axes().dimensions());
            assertFalse(wrapped.axes().hasChannelAxis());
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) assertEquals(ip.getf(x, y), at(wrapped.pixels(), x, y), 0, bitDepth + "-bit at " + x + "," + y);
            }
            ip.setf(3, 2, 200); // written through ImageJ, seen through ImgLib2
            assertEquals(200, at(wrapped.pixels(), 3, 2), 0);
        }
    }

    @Test
    void hyperstackBecomesXYCZTWithChannelAxis() {
        int c = 2, z = 3, t = 2;
        Random random = new Random(12);
        ImageStack stack = new ImageStack(W, H);
        for (int i = 0; i < c * z * t; i++) stack.addSlice(randomPlane(16, random));
        ImagePlus imp = new ImagePlus("hyper", stack);
        imp.setDimensions(c, z, t);
        ImagePlusView wrapped = ImagePlusViews.wrap(imp);
        assertArrayEquals(new long[] {W, H, c, z, t}, Intervals.dimensionsAsLongArray(wrapped.pixels()));
        assertEquals(2, wrapped.axes().channelAxis());
        for (int ci = 0; ci < c; ci++) {
            for (int zi = 0; zi < z; zi++) {
                for (int ti = 0; ti < t; ti++) {
                    ImageProcessor plane = stack.getProcessor(imp.getStackIndex(ci + 1, zi + 1, ti + 1));
                    assertEquals(plane.get(4, 1), at(wrapped.pixels(), 4, 1, ci, zi, ti), 0, "c" + ci + " z" + zi + " t" + ti);
                }
            }
        }
        stack.getProcessor(imp.getStackIndex(2, 3, 1)).set(0, 0, 12345);
        assertEquals(12345, at(wrapped.pixels(), 0, 0, 1, 2, 0), 0);
    }

    @Test
    void singletonDimensionsAreDropped() {
        Random random = new Random(13);
        ImageStack stack = new ImageStack(W, H);
        for (int i = 0; i < 4; i++) stack.addSlice(randomPlane(32, random));
        ImagePlus imp = new ImagePlus("time series", stack);
        imp.setDimensions(1, 1, 4);
        ImagePlusView wrapped = ImagePlusViews.wrap(imp);
        assertArrayEquals(new long[] {W, H, 4}, Intervals.dimensionsAsLongArray(wrapped.pixels()));
        assertFalse(wrapped.axes().hasChannelAxis());
        assertEquals(stack.getProcessor(3).getf(6, 4), at(wrapped.pixels(), 6, 4, 2), 0);
    }

    @Test
    void rgbIsRejectedNamingTheImage() {
        ImagePlus rgb = new ImagePlus("my RGB photo", new ColorProcessor(W, H));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlusViews.wrap(rgb));
        assertTrue(e.getMessage().contains("'my RGB photo'"), e.getMessage());
        assertTrue(e.getMessage().contains("8-bit") && e.getMessage().contains("Split Channels"), e.getMessage());
    }

    @Test
    void indexedColourIsRejectedNamingTheImage(@TempDir Path dir) {
        // Image > Type > 8-bit Color makes indexed colour; a TIFF save keeps it ("8bitcolor" in the header).
        Random random = new Random(14);
        ColorProcessor photo = new ColorProcessor(W, H);
        for (int i = 0; i < W * H; i++) photo.set(i, random.nextInt(0x1000000));
        ImagePlus palette = new ImagePlus("palette", photo);
        new ImageConverter(palette).convertRGBtoIndexedColor(256);
        String path = dir.resolve("palette.tif").toString();
        assertTrue(new FileSaver(palette).saveAsTiff(path));
        ImagePlus imp = IJ.openImage(path);
        assertEquals(ImagePlus.COLOR_256, imp.getType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlusViews.wrap(imp));
        assertTrue(e.getMessage().contains("'palette.tif'") && e.getMessage().contains("indexed colour"), e.getMessage());
        // the same image is fine as a label image: its values are ids
        assertArrayEquals(new long[] {W, H}, Intervals.dimensionsAsLongArray(ImagePlusViews.wrapLabels(imp)));
    }

    @Test
    void labelsWrapAsIntegersAndFloatLabelsAreRejected() {
        ShortProcessor ip = new ShortProcessor(W, H);
        ip.set(2, 3, 300);
        RandomAccessibleInterval<? extends IntegerType<?>> labels = ImagePlusViews.wrapLabels(new ImagePlus("labels", ip));
        RandomAccess<? extends IntegerType<?>> ra = labels.randomAccess();
        ra.setPosition(new long[] {2, 3});
        assertEquals(300, ra.get().getInteger());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ImagePlusViews.wrapLabels(new ImagePlus("float labels", new FloatProcessor(W, H))));
        assertTrue(e.getMessage().contains("'float labels'") && e.getMessage().contains("32-bit"), e.getMessage());
    }
}
