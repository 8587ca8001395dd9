package org.scsefiji.io;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * ImageJ saves an image's LUT as a TIFF ColorMap of 256 entries even in grey 16- and 32-bit pages (instance
 * labels shown with a colour LUT, this plugin's own {@code X_instances.tif}), where TIFF allows a ColorMap only
 * for palette pages of 2^bits entries. javax.imageio then fails on the page ("Index 65536 out of bounds for
 * length 768"). For such files {@link #open} gives a view of the file in which those ColorMap entries carry an
 * unassigned tag number, so the reader skips them and decodes the grey values, which is all this plugin reads
 * (ImageJ itself ignores the ColorMap of a grey page too). Other files open unchanged.
 */
final class MisplacedColorMaps {
    private static final int PHOTOMETRIC = 262;
    private static final int COLOR_MAP = 320;
    private static final int PALETTE = 3;
    /** Unassigned by TIFF 6 and its extensions, and between ColorMap and the next tag ImageJ writes (339). */
    private static final int UNASSIGNED = 335;
    private static final int MAX_PAGES = 1_000_000;

    private MisplacedColorMaps() {
    }

    /** The file as javax.imageio should see it. */
    static ImageInputStream open(File file) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(file, "r");
        try {
            NavigableMap<Long, Byte> patches = find(raf);
            raf.seek(0);
            return patches.isEmpty() ? new FileImageInputStream(raf) : new Patched(raf, patches);
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    /** Byte replacements that renumber every ColorMap entry of a non-palette page; empty for other files. */
    private static NavigableMap<Long, Byte> find(RandomAccessFile raf) throws IOException {
        NavigableMap<Long, Byte> patches = new TreeMap<>();
        ByteBuffer header = read(raf, 0, 8);
        if (header == null) return patches;
        if (header.get(0) == 'I' && header.get(1) == 'I') header.order(ByteOrder.LITTLE_ENDIAN);
        else if (header.get(0) != 'M' || header.get(1) != 'M') return patches;
        ByteOrder order = header.order();
        if (header.getShort(2) != 42) return patches; // not a classic TIFF (BigTIFF is left to the reader)
        long ifd = header.getInt(4) & 0xffffffffL;
        Set<Long> seen = new HashSet<>();
        for (int page = 0; ifd != 0 && page < MAX_PAGES && seen.add(ifd); page++) {
            ByteBuffer count = read(raf, ifd, 2);
            if (count == null) break; // a damaged chain: the reader reports it
            int entries = count.order(order).getShort(0) & 0xffff;
            ByteBuffer dir = read(raf, ifd + 2, 12 * entries + 4);
            if (dir == null) break;
            dir.order(order);
            int colorMap = -1;
            int photometric = -1;
            for (int e = 0; e < entries; e++) {
                int tag = dir.getShort(12 * e) & 0xffff;
                if (tag == COLOR_MAP) colorMap = e;
                // a SHORT value sits in the first two bytes of the entry's value field
                if (tag == PHOTOMETRIC) photometric = dir.getShort(12 * e + 8) & 0xffff;
            }
            if (colorMap >= 0 && photometric != PALETTE) {
                long at = ifd + 2 + 12L * colorMap;
                boolean little = order == ByteOrder.LITTLE_ENDIAN;
                patches.put(at, (byte) (little ? UNASSIGNED : UNASSIGNED >>> 8));
                patches.put(at + 1, (byte) (little ? UNASSIGNED >>> 8 : UNASSIGNED));
            }
            ifd = dir.getInt(12 * entries) & 0xffffffffL;
        }
        return patches;
    }

    /** {@code length} bytes at {@code position}, or null where the file ends before. */
    private static ByteBuffer read(RandomAccessFile raf, long position, int length) throws IOException {
        if (position + length > raf.length()) return null;
        byte[] b = new byte[length];
        raf.seek(position);
        raf.readFully(b);
        return ByteBuffer.wrap(b);
    }

    /** The file with a few bytes replaced. */
    private static final class Patched extends FileImageInputStream {
        private final NavigableMap<Long, Byte> patches;

        Patched(RandomAccessFile raf, NavigableMap<Long, Byte> patches) throws IOException {
            super(raf);
            this.patches = patches;
        }

        @Override
        public int read() throws IOException {
            long at = getStreamPosition();
            int v = super.read();
            Byte p = v < 0 ? null : patches.get(at);
            return p == null ? v : p & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long at = getStreamPosition();
            int n = super.read(b, off, len);
            if (n > 0) {
                for (var e : patches.subMap(at, at + n).entrySet()) b[off + (int) (e.getKey() - at)] = e.getValue();
            }
            return n;
        }
    }
}
