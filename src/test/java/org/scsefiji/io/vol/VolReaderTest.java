package org.scsefiji.io.vol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolReaderTest {
    @TempDir
    Path dir;

    /** The shared real .vol files, or a skipped test when they are absent. */
    static Path shared(String name) {
        Path f = Paths.get(System.getProperty("scse.data.dir", "../shared/data"), "oct-vol", name);
        Assumptions.assumeTrue(Files.isReadable(f), "shared .vol data not present: " + f);
        return f;
    }

    @Test
    void readsSyntheticRawPixelsHeadersAndBoundaries() throws IOException {
        VolWriter w = new VolWriter();
        VolFile v = VolReader.read(w.write(dir.resolve("a.vol")), VolPixels.RAW);
        VolHeader h = v.header();
        assertEquals("HSF-OCT-103", h.version());
        assertEquals(6, h.sizeX());
        assertEquals(5, h.sizeZ());
        assertEquals(2, h.numBScans());
        assertEquals("OS", h.scanPosition());
        assertEquals(11.5, h.voxelSize().width(), 1e-9);
        assertEquals(3.9, h.voxelSize().height(), 1e-9);
        assertEquals(120, h.voxelSize().depth(), 1e-9);
        assertNull(h.patientId(), "patient id is read only on request");
        assertEquals(2017, h.examTime().atZone(java.time.ZoneOffset.UTC).getYear());
        assertArrayEquals(new long[] {6, 5, 2}, v.pixels().dimensionsAsLongArray());
        RandomAccess<? extends RealType<?>> ra = v.pixels().randomAccess();
        for (int b = 0; b < 2; b++) {
            for (int z = 0; z < 5; z++) {
                for (int x = 0; x < 6; x++) {
                    ra.setPosition(new int[] {x, z, b});
                    double got = ra.get().getRealDouble();
                    if (w.invalid(b, x, z)) assertTrue(Double.isNaN(got), "invalid pixel -> NaN");
                    else assertEquals(w.pixel(b, x, z), got, 0);
                }
            }
        }
        assertEquals(2, v.bScans().size());
        VolBScan b1 = v.bScans().get(1);
        assertEquals(1.0, b1.startX(), 0);
        assertEquals(2.0 - 0.12, b1.startY(), 1e-12);
        assertEquals(3, b1.boundaries().length);
        assertTrue(Float.isNaN(b1.boundary(VolBScan.BM)[0]), "invalid boundary point -> NaN");
        assertEquals(w.boundary(1, 1, 3), b1.boundary(VolBScan.BM)[3], 0);
        assertArrayEquals(new long[] {4, 3}, v.slo().dimensionsAsLongArray());
    }

    @Test
    void displayPixelsAreHeyexFourthRootIn8Bit() throws IOException {
        VolWriter w = new VolWriter();
        VolFile v = VolReader.read(w.write(dir.resolve("a.vol")), VolPixels.DISPLAY_8BIT);
        RandomAccess<? extends RealType<?>> ra = v.pixels().randomAccess();
        ra.setPosition(new int[] {3, 4, 1});
        assertEquals(Math.round(255 * Math.pow(w.pixel(1, 3, 4), 0.25)), ra.get().getRealDouble(), 0);
        ra.setPosition(new int[] {1, 2, 0});
        assertEquals(0, ra.get().getRealDouble(), 0, "invalid pixel -> 0");
        assertEquals(0, VolReader.display(Float.floatToIntBits(-0.5f)));
        assertEquals(255, VolReader.display(Float.floatToIntBits(1f)));
        assertEquals(255, VolReader.display(Float.floatToIntBits(200f)), "values above 1 clip to white");
    }

    @Test
    void patientIdOnlyWhenAsked() throws IOException {
        VolFile v = VolReader.read(new VolWriter().write(dir.resolve("a.vol")), new VolReader.Options(VolPixels.NONE, true));
        assertEquals("P-0042", v.header().patientId());
        assertNull(v.pixels());
    }

    @Test
    void truncatedFilesAreRefusedWithTheFileAndWhatIsMissing() throws IOException {
        byte[] whole = new VolWriter().bytes();
        for (int cut : new int[] {0, 100, 2048, 2060, whole.length - 1}) {
            Path f = dir.resolve("cut" + cut + ".vol");
            Files.write(f, Arrays.copyOf(whole, cut));
            VolFormatException e = assertThrows(VolFormatException.class, () -> VolReader.read(f, VolPixels.RAW));
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        Path f = dir.resolve("half.vol");
        Files.write(f, Arrays.copyOf(whole, whole.length - 10));
        VolFormatException e = assertThrows(VolFormatException.class, () -> VolReader.read(f, VolPixels.RAW));
        assertTrue(e.getMessage().contains("1 of 2 B-scans are complete"), e.getMessage());
    }

    @Test
    void wrongVersionZeroBScansAndAbsurdSizesAreRefused() throws IOException {
        VolWriter w = new VolWriter();
        w.version = "HSF-XXX-999";
        assertProblem(w, "version string is 'HSF-XXX-999'");
        w = new VolWriter();
        w.numBScans = 0;
        assertProblem(w, "no B-scans");
        w = new VolWriter();
        w.scaleZ = 0;
        assertProblem(w, "ScaleZ of 0.0 mm");
        w = new VolWriter();
        byte[] b = w.bytes();
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(12, 1 << 30); // SizeX
        Path f = dir.resolve("huge.vol");
        Files.write(f, b);
        VolFormatException e = assertThrows(VolFormatException.class, () -> VolReader.read(f, VolPixels.RAW));
        assertTrue(e.getMessage().contains("impossible SizeX"), e.getMessage());
    }

    @Test
    void corruptBScanHeaderIsRefused() throws IOException {
        VolWriter w = new VolWriter();
        byte[] b = w.bytes();
        int second = 2048 + w.sloX * w.sloY + w.bScanHeaderSize + w.sizeX * w.sizeZ * 4;
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(second + 48, 50); // NumSeg beyond the header
        Path f = dir.resolve("seg.vol");
        Files.write(f, b);
        VolFormatException e = assertThrows(VolFormatException.class, () -> VolReader.read(f, VolPixels.RAW));
        assertTrue(e.getMessage().contains("B-scan 2 header"), e.getMessage());
        b[second] = 'X';
        Files.write(f, b);
        e = assertThrows(VolFormatException.class, () -> VolReader.read(f, VolPixels.RAW));
        assertTrue(e.getMessage().contains("B-scan 2 header starts with 'XSF-BS-103'"), e.getMessage());
    }

    @Test
    void aWrongFileHeaderBScanSizeIsOverruledByTheBScansOwnWhenOnlyThatFits() throws IOException {
        VolWriter w = new VolWriter();
        w.fileHeaderBScanSize = 61440; // as eyepy writes
        VolFile v = VolReader.read(w.write(dir.resolve("ep.vol")), VolPixels.RAW);
        assertEquals(w.bScanHeaderSize, v.header().bScanHeaderSize());
        assertEquals(w.boundary(1, 2, 5), v.bScans().get(1).boundary(2)[5], 0);
    }

    @Test
    void theCoreImageReaderReadsVolFilesAs8BitBScans() throws IOException {
        VolWriter w = new VolWriter();
        RandomAccessibleInterval<? extends RealType<?>> img = new org.scsefiji.io.ImageIoReader().read(w.write(dir.resolve("a.vol")));
        assertArrayEquals(new long[] {6, 5, 2}, img.dimensionsAsLongArray());
        assertTrue(img.getAt(0, 0, 0) instanceof net.imglib2.type.numeric.integer.UnsignedByteType);
        w.numBScans = 1;
        assertArrayEquals(new long[] {6, 5}, new org.scsefiji.io.ImageIoReader().read(w.write(dir.resolve("b.vol"))).dimensionsAsLongArray(),
                "one B-scan: 2-D, like a one-page TIFF");
        Path bad = dir.resolve("bad.vol");
        Files.write(bad, new byte[10]);
        IOException e = assertThrows(IOException.class, () -> new org.scsefiji.io.ImageIoReader().read(bad));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    private void assertProblem(VolWriter w, String expected) throws IOException {
        Path f = w.write(dir.resolve("bad.vol"));
        VolFormatException e = assertThrows(VolFormatException.class, () -> VolReader.read(f, VolPixels.RAW));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void readsTheSharedHeyexExports() throws IOException {
        VolFile w = VolReader.read(shared("Willis_B_716_2.vol"), VolPixels.RAW);
        assertEquals("HSF-OCT-103", w.header().version());
        assertArrayEquals(new long[] {768, 496, 1}, w.pixels().dimensionsAsLongArray());
        assertEquals("OD", w.header().scanPosition());
        assertEquals(3.8717, w.header().voxelSize().height(), 1e-4);
        assertEquals(14.722, w.header().voxelSize().width(), 1e-3);
        float[] ilm = w.bScans().get(0).boundary(VolBScan.ILM);
        float[] bm = w.bScans().get(0).boundary(VolBScan.BM);
        for (int x = 0; x < 768; x++) assertTrue(bm[x] > ilm[x], "BM below ILM at " + x);
        assertRange(w.pixels(), 0, 1);

        VolFile valid = VolReader.read(shared("valid.vol"), VolPixels.DISPLAY_8BIT);
        float[] ilmValid = valid.bScans().get(0).boundary(VolBScan.ILM);
        long invalid = 0;
        for (float f : ilmValid) if (Float.isNaN(f)) invalid++;
        assertEquals(768 - 581, invalid, "valid.vol's ILM has 187 invalid points");
        assertEquals(VolHeader.PATTERN_CIRCLE, valid.header().scanPattern());
        assertRange(valid.pixels(), 0, 255);
    }

    @Test
    void readsTheEyepyVolume() throws IOException {
        VolFile v = VolReader.read(shared("eyepy_test_volume.vol"), VolPixels.RAW);
        assertArrayEquals(new long[] {50, 40, 10}, v.pixels().dimensionsAsLongArray());
        assertEquals(31.444, v.header().voxelSize().depth(), 1e-3);
        assertEquals(10, v.bScans().size());
        assertEquals(6.807, v.bScans().get(0).startY(), 1e-9);
        assertEquals(6.524, v.bScans().get(9).startY(), 1e-9);
    }

    private static void assertRange(RandomAccessibleInterval<? extends RealType<?>> img, double lo, double hi) {
        for (RealType<?> t : net.imglib2.view.Views.iterable(img)) {
            double d = t.getRealDouble();
            assertTrue(d >= lo && d <= hi, "value " + d);
        }
    }
}
