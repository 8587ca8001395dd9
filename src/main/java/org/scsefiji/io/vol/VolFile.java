package org.scsefiji.io.vol;

import java.nio.file.Path;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * What a Heidelberg .vol file holds.
 *
 * @param slo the SLO (fundus) image, {@code sloSizeX x sloSizeY}, 8-bit; null when the file has none
 * @param bScans the B-scan headers with the vendor's boundaries, one per B-scan
 * @param pixels the B-scans as one volume: X across ({@code sizeX}), Z depth as the image's Y ({@code sizeZ}),
 *        then one slice per B-scan; float or unsigned byte as asked ({@link VolPixels}); null for {@link VolPixels#NONE}.
 *        A planar image: each B-scan is one Java array.
 */
public final class VolFile {
    private final Path file;
    private final VolHeader header;
    private final RandomAccessibleInterval<UnsignedByteType> slo;
    private final List<VolBScan> bScans;
    private final RandomAccessibleInterval<? extends RealType<?>> pixels;
    private final VolPixels pixelMode;

    public VolFile(Path file, VolHeader header, RandomAccessibleInterval<UnsignedByteType> slo, List<VolBScan> bScans, RandomAccessibleInterval<? extends RealType<?>> pixels, VolPixels pixelMode) {
        this.file = file;
        this.header = header;
        this.slo = slo;
        this.bScans = bScans;
        this.pixels = pixels;
        this.pixelMode = pixelMode;
    }

    public Path file() {
        return file;
    }

    public VolHeader header() {
        return header;
    }

    public RandomAccessibleInterval<UnsignedByteType> slo() {
        return slo;
    }

    public List<VolBScan> bScans() {
        return bScans;
    }

    public RandomAccessibleInterval<? extends RealType<?>> pixels() {
        return pixels;
    }

    public VolPixels pixelMode() {
        return pixelMode;
    }

}
