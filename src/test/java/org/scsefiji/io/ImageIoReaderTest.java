package org.scsefiji.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageIoReaderTest {
    private final ImageIoReader reader = new ImageIoReader();

    /** Real images committed with the repository (byte copies of the shared data; see models/samples/README.md). */
    private static final Path SAMPLES = Path.of("models", "samples");

    @Test
    void readsDeflateCompressedOctLabelsWithTheClassCountsOfTheIndex() throws IOException {
        RandomAccessibleInterval<? extends RealType<?>> labels = reader.read(SAMPLES.resolve("oct-subject05-bscan28_labels.tif"));
        assertInstanceOf(UnsignedByteType.class, labels.getType());
        assertArrayEquals(new long[] {768, 496}, labels.dimensionsAsLongArray());
        long[] counts = new long[256];
        for (RealType<?> t : Views.flatIterable(labels)) counts[(int) t.getRealDouble()]++;
        // oct-duke/train/index.csv: px_class0..9 and px_ignore255 of subject05_bscan28
        long[] expected = {53604, 4308, 10081, 8076, 3615, 13749, 2671, 3199, 141150, 15483};
        for (int c = 0; c < 10; c++) assertEquals(expected[c], counts[c], "class " + c);
        assertEquals(124992, counts[255]);
    }

    @Test
    void readsEightBitOctImage() throws IOException {
        RandomAccessibleInterval<? extends RealType<?>> img = reader.read(SAMPLES.resolve("oct-subject05-bscan28.tif"));
        assertInstanceOf(UnsignedByteType.class, img.getType());
        assertArrayEquals(new long[] {768, 496}, img.dimensionsAsLongArray());
    }

    @Test
    void readsSixteenBitNucleusInstanceLabels() throws IOException {
        RandomAccessibleInterval<? extends RealType<?>> labels = reader.read(SAMPLES.resolve("nuclei-00071198d059ba7f_labels.tif"));
        assertInstanceOf(UnsignedShortType.class, labels.getType());
        long fg = 0;
        long bg = 0;
        double max = 0;
        for (RealType<?> t : Views.flatIterable(labels)) {
            if (t.getRealDouble() > 0) fg++;
            else bg++;
            max = Math.max(max, t.getRealDouble());
        }
        assertEquals(5714, fg); // nuclei/train/index.csv foreground_px of 00071198d059ba7f
        assertEquals(59822, bg);
        assertEquals(27, max); // n_instances
    }

    @Test
    void sixteenBitValuesAboveThe8BitRangeAndFloatsSurvive(@TempDir Path dir) throws IOException {
        TestImages.write16(dir.resolve("a.tif"), 3, 2, new int[] {0, 1, 255, 256, 40000, 65535});
        RandomAccessibleInterval<? extends RealType<?>> a = reader.read(dir.resolve("a.tif"));
        assertEquals(List.of(0.0, 1.0, 255.0, 256.0, 40000.0, 65535.0), values(a));
        TestImages.writeFloat(dir.resolve("f.tif"), 2, 2, new float[] {-1.5f, 0f, 2.25f, 1e6f});
        RandomAccessibleInterval<? extends RealType<?>> f = reader.read(dir.resolve("f.tif"));
        assertInstanceOf(FloatType.class, f.getType());
        assertEquals(List.of(-1.5, 0.0, 2.25, 1e6), values(f));
    }

    @Test
    void imageJTiffsOfMoreThan8BitsWithAColourLutAreRead(@TempDir Path dir) throws IOException {
        // ImageJ stores a LUT as a 256-entry ColorMap even in grey 16- and 32-bit TIFFs (instance labels shown with a
        // colour LUT, this plugin's X_instances.tif); javax.imageio alone then fails ("Index 65536 out of bounds")
        byte[] ramp = new byte[256];
        for (int i = 0; i < 256; i++) ramp[i] = (byte) i;
        ij.process.LUT colours = new ij.process.LUT(ramp, new byte[256], ramp.clone());
        ij.ImageStack ids = new ij.ImageStack(3, 2);
        ids.addSlice(new ij.process.ShortProcessor(3, 2, new short[] {0, 1, 2, 300, (short) 40000, 7}, null));
        ids.addSlice(new ij.process.ShortProcessor(3, 2, new short[] {5, 0, 0, 0, 0, (short) 65535}, null));
        float[] floats = {-1.5f, 0f, 2.25f, 1e6f};
        for (ij.ImagePlus imp : List.of(new ij.ImagePlus("one", ids.getProcessor(1)), new ij.ImagePlus("two", ids),
                new ij.ImagePlus("float", new ij.process.FloatProcessor(2, 2, floats)))) {
            imp.getProcessor().setLut(colours);
            Path f = dir.resolve(imp.getTitle() + ".tif");
            assertTrue(new ij.io.FileSaver(imp).saveAsTiff(f.toString()));
            RandomAccessibleInterval<? extends RealType<?>> read = reader.read(f);
            List<Double> expected = new java.util.ArrayList<>();
            for (int z = 1; z <= imp.getStackSize(); z++) {
                ij.process.ImageProcessor ip = imp.getStack().getProcessor(z);
                for (int i = 0; i < ip.getPixelCount(); i++) expected.add((double) ip.getf(i));
            }
            assertEquals(expected, values(read), imp.getTitle());
        }
    }

    @Test
    void pagesOfATiffBecomeSlices(@TempDir Path dir) throws IOException {
        TestImages.writeStack8(dir.resolve("s.tif"), 2, 1, new int[][] {{1, 2}, {3, 4}, {5, 6}});
        RandomAccessibleInterval<? extends RealType<?>> s = reader.read(dir.resolve("s.tif"));
        assertArrayEquals(new long[] {2, 1, 3}, s.dimensionsAsLongArray());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0), values(s));
    }

    @Test
    void colourImagesAreRefusedAsMultiChannel(@TempDir Path dir) throws IOException {
        TestImages.writeRgb(dir.resolve("rgb.png"), 4, 4, 7);
        MultiChannelImageException e = assertThrows(MultiChannelImageException.class, () -> reader.read(dir.resolve("rgb.png")));
        assertEquals(3, e.channels());
    }

    @Test
    void aFileThatIsNoImageSaysSo(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("notes.tif");
        Files.writeString(f, "not an image");
        IOException e = assertThrows(IOException.class, () -> reader.read(f));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
        assertThrows(IOException.class, () -> reader.read(dir.resolve("missing.tif")));
    }

    static List<Double> values(RandomAccessibleInterval<? extends RealType<?>> img) {
        List<Double> v = new java.util.ArrayList<>();
        for (RealType<?> t : Views.flatIterable(img)) v.add(t.getRealDouble());
        return v;
    }
}
