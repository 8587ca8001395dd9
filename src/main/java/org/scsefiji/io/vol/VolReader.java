package org.scsefiji.io.vol;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Reads Heidelberg Engineering's documented raw OCT export, {@code .vol} (HSF-OCT-101 to -104): a
 * 2048-byte file header, the SLO image, then per B-scan a header (with the vendor's layer boundaries) and
 * {@code sizeX x sizeZ} float pixels, depth as the row. All little-endian. The one .vol reader of the
 * project: the image readers, the measuring code and the Fiji commands all come here.
 *
 * <p>Files written by eyepy (version field "ep-v...", HSF-OCT-103 layout) are read too. Their file header
 * gives a wrong B-scan header size, so the size each B-scan header states for itself is used when only that
 * one fits the file length.
 *
 * <p>Every problem is a {@link VolFormatException} naming the file: too short (truncated), wrong version
 * string, no B-scans, sizes or scales no scanner produces. Invalid pixels and boundary points (the marker
 * 0x7F7FFFFF) never fail a read: see {@link VolPixels} and {@link VolBScan#boundaries()}.
 */
public final class VolReader {
    public static final int FILE_HEADER_SIZE = 2048;
    /** The "invalid" marker of pixels and boundary points, the largest finite float. */
    public static final int INVALID_BITS = 0x7F7FFFFF;
    /** Limits far beyond any scanner, to refuse a corrupt header before allocating memory. */
    static final int MAX_SIZE = 1 << 15;
    static final int MAX_BSCANS = 1 << 16;
    static final int MAX_SEGMENTATIONS = 1024;
    static final int MIN_BSCAN_HEADER = 64;

    /** What to read: the pixel form, and whether identifying fields (patient ID, birth date) are read. */
    public static final class Options {
        private final VolPixels pixels;
        private final boolean identifyingFields;

        public Options(VolPixels pixels, boolean identifyingFields) {
            if (pixels == null) throw new IllegalArgumentException("Choose how to read the pixels (VolPixels)");
            this.pixels = pixels;
            this.identifyingFields = identifyingFields;
        }

        public static Options of(VolPixels pixels) {
            return new Options(pixels, false);
        }

        public VolPixels pixels() {
            return pixels;
        }

        public boolean identifyingFields() {
            return identifyingFields;
        }
    }

    private VolReader() {
    }

    /** True for file names ending in ".vol" (any case): the readers dispatch on this. */
    public static boolean isVolFile(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".vol");
    }

    public static VolFile read(Path file, VolPixels pixels) throws IOException {
        return read(file, Options.of(pixels));
    }

    public static VolFile read(Path file, Options options) throws IOException {
        if (!Files.isRegularFile(file)) throw new VolFormatException(file, "does not exist or is not a file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Parse(file, ch, options).run();
        }
    }

    /** One read of one file. */
    private static final class Parse {
        private final Path file;
        private final FileChannel ch;
        private final Options options;
        private final long length;

        Parse(Path file, FileChannel ch, Options options) throws IOException {
            this.file = file;
            this.ch = ch;
            this.options = options;
            this.length = ch.size();
        }

        VolFile run() throws IOException {
            if (length < FILE_HEADER_SIZE) {
                throw fail("is truncated or not a .vol file: " + length + " bytes, shorter than the " + FILE_HEADER_SIZE + "-byte file header");
            }
            ByteBuffer h = read(0, FILE_HEADER_SIZE);
            String version = text(h, 0, 12);
            checkVersion(version);
            int sizeX = h.getInt(12), numBScans = h.getInt(16), sizeZ = h.getInt(20);
            double scaleX = h.getDouble(24), distance = h.getDouble(32), scaleZ = h.getDouble(40);
            int sloX = h.getInt(48), sloY = h.getInt(52);
            if (numBScans == 0) throw fail("contains no B-scans (NumBScans is 0)");
            size("NumBScans", numBScans, MAX_BSCANS);
            size("SizeX", sizeX, MAX_SIZE);
            size("SizeZ", sizeZ, MAX_SIZE);
            if (sloX < 0 || sloY < 0 || sloX > MAX_SIZE || sloY > MAX_SIZE) {
                throw fail("has an impossible SLO size " + Integer.toUnsignedString(sloX) + " x " + Integer.toUnsignedString(sloY)
                        + " (the header is corrupt)");
            }
            scale("ScaleX", scaleX, false);
            scale("ScaleZ", scaleZ, false);
            scale("Distance", distance, true);
            long sloBytes = (long) sloX * sloY;
            long firstBScan = FILE_HEADER_SIZE + sloBytes;
            long pixelBytes = (long) sizeX * sizeZ * Float.BYTES;
            if (pixelBytes > Integer.MAX_VALUE - 64) {
                throw fail("has B-scans of " + sizeX + " x " + sizeZ + " pixels, too large to read (at most 2^29 pixels per B-scan)");
            }
            int headerSize = bScanHeaderSize(h.getInt(100), firstBScan, pixelBytes, numBScans);
            long needed = firstBScan + numBScans * (headerSize + pixelBytes);
            if (length < needed) {
                long complete = length < firstBScan ? 0 : (length - firstBScan) / (headerSize + pixelBytes);
                throw fail("is truncated: " + length + " bytes, but its header (" + numBScans + " B-scans of " + sizeX + " x " + sizeZ
                        + ", SLO " + sloX + " x " + sloY + ") needs " + needed + " bytes; " + complete + " of " + numBScans
                        + " B-scans are complete");
            }
            VolHeader header = new VolHeader(version, sizeX, numBScans, sizeZ, scaleX, distance, scaleZ, sloX, sloY,
                    h.getDouble(56), h.getDouble(64), h.getInt(72), h.getDouble(76), text(h, 84, 4), examTime(h.getLong(88)),
                    h.getInt(96), headerSize, text(h, 104, 16), text(h, 120, 16),
                    options.identifyingFields() ? text(h, 140, 24) : null,
                    options.identifyingFields() ? oleDate(h.getDouble(164)) : null);
            var slo = sloBytes == 0 ? null : ArrayImgs.unsignedBytes(bytes(read(FILE_HEADER_SIZE, (int) sloBytes)), sloX, sloY);
            List<VolBScan> bScans = new ArrayList<>(numBScans);
            PlanarImg<FloatType, FloatArray> raw = options.pixels() == VolPixels.RAW ? PlanarImgs.floats(sizeX, sizeZ, numBScans) : null;
            PlanarImg<UnsignedByteType, ByteArray> display = options.pixels() == VolPixels.DISPLAY_8BIT
                    ? PlanarImgs.unsignedBytes(sizeX, sizeZ, numBScans) : null;
            for (int b = 0; b < numBScans; b++) {
                long at = firstBScan + b * (headerSize + pixelBytes);
                bScans.add(bScanHeader(read(at, headerSize), b, sizeX, sizeZ));
                if (options.pixels() == VolPixels.NONE) continue;
                ByteBuffer px = read(at + headerSize, (int) pixelBytes);
                if (raw != null) rawPixels(px, raw.getPlane(b).getCurrentStorageArray());
                else displayPixels(px, display.getPlane(b).getCurrentStorageArray());
            }
            return new VolFile(file, header, slo, List.copyOf(bScans), raw != null ? raw : display, options.pixels());
        }

        private void checkVersion(String version) throws VolFormatException {
            if (version.matches("HSF-OCT-10[1-4]") || version.startsWith("ep-v")) return;
            throw fail("is not a Heidelberg .vol file: its version string is '" + printable(version)
                    + "', expected HSF-OCT-101 to HSF-OCT-104");
        }

        private void size(String name, int value, int max) throws VolFormatException {
            if (value <= 0 || value > max) {
                throw fail("has an impossible " + name + " of " + Integer.toUnsignedString(value) + " (expected 1 to " + max
                        + "; the header is corrupt)");
            }
        }

        /** Scales in mm: per pixel at most 1 mm, B-scan distance at most 100 mm; zero only for the distance. */
        private void scale(String name, double mm, boolean zeroAllowed) throws VolFormatException {
            boolean ok = Double.isFinite(mm) && (zeroAllowed ? mm >= 0 : mm > 0) && mm <= (zeroAllowed ? 100 : 1);
            if (!ok) throw fail("has an impossible " + name + " of " + mm + " mm (the header is corrupt)");
        }

        /**
         * The B-scan header size of the file header, unless only the size the first B-scan header states for
         * itself fits the file length (eyepy writes a wrong file-header value).
         */
        private int bScanHeaderSize(int fromFileHeader, long firstBScan, long pixelBytes, int numBScans) throws IOException {
            int own = length >= firstBScan + 16 ? read(firstBScan + 12, 4).getInt(0) : -1;
            boolean fileOk = fromFileHeader >= MIN_BSCAN_HEADER && fits(fromFileHeader, firstBScan, pixelBytes, numBScans);
            boolean ownOk = own >= MIN_BSCAN_HEADER && fits(own, firstBScan, pixelBytes, numBScans);
            if (fileOk || !ownOk) {
                if (fromFileHeader < MIN_BSCAN_HEADER || fromFileHeader > (1 << 24)) {
                    throw fail("has an impossible B-scan header size of " + Integer.toUnsignedString(fromFileHeader) + " bytes (the header is corrupt)");
                }
                return fromFileHeader;
            }
            return own;
        }

        private boolean fits(int headerSize, long firstBScan, long pixelBytes, int numBScans) {
            return headerSize <= (1 << 24) && firstBScan + numBScans * (headerSize + pixelBytes) <= length;
        }

        private VolBScan bScanHeader(ByteBuffer h, int index, int sizeX, int sizeZ) throws VolFormatException {
            String version = text(h, 0, 12);
            String where = "B-scan " + (index + 1);
            if (!version.startsWith("HSF-BS-") && !version.startsWith("ep-v")) {
                throw fail(where + " header starts with '" + printable(version) + "' instead of HSF-BS-...: the file is corrupt"
                        + " or its header sizes are wrong");
            }
            int numSeg = h.getInt(48), offSeg = h.getInt(52);
            if (numSeg < 0 || numSeg > MAX_SEGMENTATIONS) throw fail(where + " has an impossible number of boundaries (" + Integer.toUnsignedString(numSeg) + ")");
            long segEnd = numSeg == 0 ? 0 : Integer.toUnsignedLong(offSeg) + (long) numSeg * sizeX * Float.BYTES;
            if (segEnd > h.capacity()) {
                throw fail(where + " header: " + numSeg + " boundaries from byte " + Integer.toUnsignedString(offSeg)
                        + " do not fit its " + h.capacity() + " bytes (the file is corrupt)");
            }
            float[][] boundaries = new float[numSeg][sizeX];
            for (int s = 0; s < numSeg; s++) {
                for (int x = 0; x < sizeX; x++) {
                    int bits = h.getInt(offSeg + (s * sizeX + x) * Float.BYTES);
                    float v = Float.intBitsToFloat(bits);
                    boundaries[s][x] = bits == INVALID_BITS || !Float.isFinite(v) ? Float.NaN : v;
                }
            }
            return new VolBScan(index, h.getDouble(16), h.getDouble(24), h.getDouble(32), h.getDouble(40), h.getFloat(56),
                    h.getInt(60), boundaries);
        }

        private ByteBuffer read(long position, int size) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                int n = ch.read(b, position + b.position());
                if (n < 0) throw new EOFException(file + ": ended early at byte " + (position + b.position()) + " (truncated)");
            }
            return b.flip();
        }

        private VolFormatException fail(String problem) {
            return new VolFormatException(file, problem);
        }
    }

    private static void rawPixels(ByteBuffer px, float[] out) {
        for (int i = 0; i < out.length; i++) {
            int bits = px.getInt(i * Float.BYTES);
            float v = Float.intBitsToFloat(bits);
            out[i] = bits == INVALID_BITS || !Float.isFinite(v) ? Float.NaN : v;
        }
    }

    private static void displayPixels(ByteBuffer px, byte[] out) {
        for (int i = 0; i < out.length; i++) out[i] = (byte) display(px.getInt(i * Float.BYTES));
    }

    /** Heyex's grey value of a stored pixel: round(255 * v^0.25) in 0..255; 0 for invalid and negative values. */
    static int display(int bits) {
        float v = Float.intBitsToFloat(bits);
        if (bits == INVALID_BITS || !(v > 0) || !Float.isFinite(v)) return 0;
        long g = Math.round(255 * Math.sqrt(Math.sqrt(v)));
        return (int) Math.min(255, g);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    /** A NUL-terminated (or space-padded) ASCII field. */
    private static String text(ByteBuffer b, int offset, int length) {
        byte[] a = new byte[length];
        for (int i = 0; i < length; i++) a[i] = b.get(offset + i);
        int end = 0;
        while (end < length && a[end] != 0) end++;
        return new String(a, 0, end, StandardCharsets.ISO_8859_1).trim();
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) out.append(c >= 32 && c < 127 ? c : '?');
        return out.toString();
    }

    /** ExamTime: 100-ns ticks since 1601-01-01 UTC (Windows FILETIME); null when 0 or out of range. */
    static Instant examTime(long ticks) {
        if (ticks <= 0) return null;
        long secondsFrom1601 = ticks / 10_000_000L;
        long seconds = secondsFrom1601 - 11_644_473_600L;
        if (seconds < 0 || seconds > 4_102_444_800L) return null; // before 1970 or after 2100: not a real exam time
        return Instant.ofEpochSecond(seconds, (ticks % 10_000_000L) * 100);
    }

    /** OLE automation date: days since 1899-12-30; null when 0 or absurd. */
    private static LocalDate oleDate(double days) {
        if (!(days > 0) || days > 80_000) return null;
        return LocalDate.of(1899, 12, 30).plusDays((long) Math.floor(days));
    }
}
