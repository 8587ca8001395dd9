package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    /** Generous: only guards against ImageJ's endless loop on a cut-short Deflate strip; a correct run takes milliseconds. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static byte[] randomPixels(Random random, int n) {
        byte[] pixels = new byte[n];
        for (int i = 0; i < n; i++) pixels[i] = (byte) (random.nextInt(16) * 16); // compressible
        return pixels;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
        deflater.end();
        return out.toByteArray();
    }

    /** A minimal little-endian 8-bit grey TIFF with one Deflate strip (ImageJ itself only writes uncompressed TIFFs). */
    private static byte[] deflateTiff(int width, int height, byte[] strip, int declaredStripLength) {
        int[][] tags = { // tag, type (3 SHORT, 4 LONG), value
            {256, 4, width}, {257, 4, height}, {258, 3, 8}, {259, 3, 8}, {262, 3, 1},
            {273, 4, 0}, {277, 3, 1}, {278, 4, height}, {279, 4, declaredStripLength}};
        int dataStart = 8 + 2 + tags.length * 12 + 4;
        tags[5][2] = dataStart;
        ByteBuffer b = ByteBuffer.allocate(dataStart + strip.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) tags.length);
        for (int[] t : tags) {
            b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
            if (t[1] == 3) b.putShort((short) t[2]).putShort((short) 0);
            else b.putInt(t[2]);
        }
        b.putInt(0).put(strip);
        return b.array();
    }

    private static ImageFileException readFails(Path file) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(ImageFileException.class, () -> ImageFiles.read(file)));
    }

    private static void assertNamesFile(Path file, Exception e) {
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }

    @Test
    void deflateTiffOpensWithIdenticalPixels(@TempDir Path dir) throws Exception {
        byte[] pixels = randomPixels(new Random(41), 30 * 20);
        byte[] strip = deflate(pixels);
        Path file = dir.resolve("deflate.tif");
        Files.write(file, deflateTiff(30, 20, strip, strip.length));
        ImagePlus imp = ImageFiles.read(file);
        assertEquals(30, imp.getWidth());
        assertArrayEquals(pixels, (byte[]) imp.getProcessor().getPixels());
    }

    @Test
    void cutShortDeflateTiffIsReportedInsteadOfHanging(@TempDir Path dir) throws Exception {
        byte[] strip = deflate(randomPixels(new Random(42), 40 * 30));
        byte[] whole = deflateTiff(40, 30, strip, strip.length);
        Path truncated = dir.resolve("truncated download.tif");
        Files.write(truncated, Arrays.copyOf(whole, whole.length - strip.length / 2));
        ImageFileException e = readFails(truncated);
        assertNamesFile(truncated, e);
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());

        // The strip lies inside the file but its Deflate stream stops early: the case ImageJ loops on.
        Path early = dir.resolve("early end.tif");
        Files.write(early, deflateTiff(40, 30, Arrays.copyOf(strip, strip.length / 2), strip.length / 2));
        e = readFails(early);
        assertNamesFile(early, e);
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
    }

    @Test
    void cutShortUncompressedImageAndStackAreReported(@TempDir Path dir) throws Exception {
        Path plane = dir.resolve("plane.tif");
        assertTrue(new FileSaver(new ImagePlus("plane", new ShortProcessor(64, 64))).saveAsTiff(plane.toString()));
        ImageStack stack = new ImageStack(32, 32);
        for (int i = 0; i < 4; i++) stack.addSlice(new ByteProcessor(32, 32));
        Path stackFile = dir.resolve("stack.tif");
        assertTrue(new FileSaver(new ImagePlus("stack", stack)).saveAsTiff(stackFile.toString()));
        for (Path file : List.of(plane, stackFile)) {
            ImageFiles.read(file); // intact: fine
            byte[] bytes = Files.readAllBytes(file);
            // ImageJ puts the image data before its metadata, so cut in the middle of the pixels
            Files.write(file, Arrays.copyOf(bytes, 2000));
            ImageFileException e = readFails(file);
            assertNamesFile(file, e);
            assertTrue(e.getMessage().contains("cut short"), e.getMessage());
        }
    }

    @Test
    void notAnImageIsReportedWithTheFileName(@TempDir Path dir) throws Exception {
        Random random = new Random(43);
        byte[] noise = new byte[5000];
        random.nextBytes(noise);
        Path noiseFile = dir.resolve("noise.tif");
        Files.write(noiseFile, noise);
        assertNamesFile(noiseFile, readFails(noiseFile));

        byte[] fakeTiff = noise.clone();
        System.arraycopy(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0}, 0, fakeTiff, 0, 8); // TIFF header, random IFD
        Path fakeFile = dir.resolve("fake.tif");
        Files.write(fakeFile, fakeTiff);
        assertNamesFile(fakeFile, readFails(fakeFile));

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "sample 1: 12 cells\n");
        ImageFileException e = readFails(text);
        assertNamesFile(text, e);
        assertTrue(e.getMessage().contains("text file"), e.getMessage());

        Path empty = dir.resolve("empty.tif");
        Files.write(empty, new byte[0]);
        assertNamesFile(empty, readFails(empty));
    }

    @Test
    void missingFileIsReportedWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("no such image.tif");
        ImageFileException e = readFails(missing);
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not found"), e.getMessage());
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        ByteProcessor ip = new ByteProcessor(9, 7);
        ip.set(4, 3, 77);
        ImagePlus imp = new ImagePlus("result of segmentation", ip);
        imp.changes = true;
        Path out = dir.resolve("out").resolve("labels.tif"); // folder created on demand
        ImageFiles.writeTiff(imp, out, Set.of());
        ip.set(4, 3, 78);
        ImageFiles.writeTiff(imp, out, Set.of()); // replaces an earlier result
        assertEquals(List.of("labels.tif"), listing(out.getParent()));
        assertEquals(78, ImageFiles.read(out).getProcessor().get(4, 3));
        assertEquals("result of segmentation", imp.getTitle());
        assertTrue(imp.changes, "writing a copy must not mark the image as saved");
    }

    @Test
    void writeRefusesToOverwriteAProtectedInput(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("raw.tif");
        ByteProcessor original = new ByteProcessor(5, 5);
        original.set(1, 1, 9);
        ImageFiles.writeTiff(new ImagePlus("raw", original), input, Set.of());
        byte[] before = Files.readAllBytes(input);
        Path sameViaOtherSpelling = dir.resolve("sub").resolve("..").resolve("raw.tif");
        ImagePlus result = new ImagePlus("labels", new ByteProcessor(5, 5));
        ImageFileException e = assertThrows(ImageFileException.class,
            () -> ImageFiles.writeTiff(result, sameViaOtherSpelling, Set.of(input)));
        assertTrue(e.getMessage().contains("raw.tif") && e.getMessage().contains("input"), e.getMessage());
        Path link = dir.resolve("link.tif");
        Files.createSymbolicLink(link, input);
        assertThrows(ImageFileException.class, () -> ImageFiles.writeTiff(result, link, Set.of(input)));
        assertArrayEquals(before, Files.readAllBytes(input));
        assertEquals(List.of("link.tif", "raw.tif"), listing(dir));
    }

    @Test
    void realOctBscanOpensAndWrapsAt768x496() throws Exception {
        Path file = Paths.get(System.getProperty("scse.data.dir", "../shared/data"), "oct-duke", "train", "subject01_bscan10.tif");
        Assumptions.assumeTrue(Files.isReadable(file), "real data not present: " + file);
        ImagePlus imp = ImageFiles.read(file);
        assertEquals(768, imp.getWidth());
        assertEquals(496, imp.getHeight());
        ImagePlusView wrapped = ImagePlusViews.wrap(imp);
        // a crop as the tiler would take it: a non-zero-min interval straight on the ImageJ pixels
        RandomAccessibleInterval<? extends RealType<?>> crop = Views.interval(wrapped.pixels(), Intervals.createMinSize(200, 150, 64, 48));
        assertArrayEquals(new long[] {64, 48}, Intervals.dimensionsAsLongArray(crop));
        var ra = crop.randomAccess();
        for (int y = 150; y < 198; y += 7) {
            for (int x = 200; x < 264; x += 5) {
                ra.setPosition(new long[] {x, y});
                assertEquals(imp.getProcessor().get(x, y), ra.get().getRealDouble(), 0);
            }
        }
        assertFalse(wrapped.axes().hasChannelAxis());
    }
}
