package org.scsefiji.io.vol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small synthetic .vol files for tests (HSF-OCT-103 layout), with fields settable before writing so that
 * tests can also make corrupt ones.
 */
public final class VolWriter {
    public String version = "HSF-OCT-103";
    public int sizeX = 6;
    public int sizeZ = 5;
    public int numBScans = 2;
    public double scaleX = 0.0115;
    public double distance = 0.12;
    public double scaleZ = 0.0039;
    public int sloX = 4;
    public int sloY = 3;
    public String eye = "OS";
    public int bScanHeaderSize = 256 + 3 * 6 * 4;
    /** Written into the file header's BScanHdrSize when not negative (else {@link #bScanHeaderSize}). */
    public int fileHeaderBScanSize = -1;
    public int numSeg = 3;
    public String patientId = "P-0042";

    /** Pixel value of B-scan b at (x, z); a few invalid markers are placed by {@link #invalid}. */
    public float pixel(int b, int x, int z) {
        return invalid(b, x, z) ? Float.intBitsToFloat(VolReader.INVALID_BITS) : (float) ((b + 1) * 0.01 + x * 0.1 + z * 0.001);
    }

    public boolean invalid(int b, int x, int z) {
        return x == 1 && z == 2;
    }

    /** Boundary s of B-scan b at A-scan x; point x == 0 of every boundary is invalid. */
    public float boundary(int b, int s, int x) {
        return x == 0 ? Float.intBitsToFloat(VolReader.INVALID_BITS) : 1.5f + s + 0.25f * x + b;
    }

    public double startX(int b) {
        return 1.0;
    }

    public double startY(int b) {
        return 2.0 - b * distance;
    }

    public byte[] bytes() {
        int pixels = sizeX * sizeZ * 4;
        ByteBuffer o = ByteBuffer.allocate(2048 + sloX * sloY + numBScans * (bScanHeaderSize + pixels)).order(ByteOrder.LITTLE_ENDIAN);
        put(o, 0, version);
        o.putInt(12, sizeX).putInt(16, numBScans).putInt(20, sizeZ);
        o.putDouble(24, scaleX).putDouble(32, distance).putDouble(40, scaleZ);
        o.putInt(48, sloX).putInt(52, sloY).putDouble(56, 0.0117).putDouble(64, 0.0117).putInt(72, 30).putDouble(76, -1.5);
        put(o, 84, eye);
        o.putLong(88, 131286184975148310L).putInt(96, 3).putInt(100, fileHeaderBScanSize >= 0 ? fileHeaderBScanSize : bScanHeaderSize);
        put(o, 104, "EXAM01");
        put(o, 140, patientId);
        for (int i = 0; i < sloX * sloY; i++) o.put(2048 + i, (byte) (i * 7));
        for (int b = 0; b < numBScans; b++) {
            int at = 2048 + sloX * sloY + b * (bScanHeaderSize + pixels);
            put(o, at, "HSF-BS-103");
            o.putInt(at + 12, bScanHeaderSize);
            o.putDouble(at + 16, startX(b)).putDouble(at + 24, startY(b)).putDouble(at + 32, startX(b) + (sizeX - 1) * scaleX)
                    .putDouble(at + 40, startY(b));
            o.putInt(at + 48, numSeg).putInt(at + 52, 256).putFloat(at + 56, 30f);
            for (int s = 0; s < numSeg; s++) {
                for (int x = 0; x < sizeX; x++) o.putFloat(at + 256 + (s * sizeX + x) * 4, boundary(b, s, x));
            }
            int p = at + bScanHeaderSize;
            for (int z = 0; z < sizeZ; z++) {
                for (int x = 0; x < sizeX; x++) o.putFloat(p + (z * sizeX + x) * 4, pixel(b, x, z));
            }
        }
        return o.array();
    }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private static void put(ByteBuffer o, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) o.put(at + i, b[i]);
    }
}
