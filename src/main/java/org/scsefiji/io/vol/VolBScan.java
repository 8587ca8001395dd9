package org.scsefiji.io.vol;

import java.util.List;

/**
 * One B-scan header of a .vol file: where the B-scan lies on the SLO image (mm; for a circle scan the start
 * is a point on the circle and the end its centre), its quality, and the vendor's layer boundaries.
 *
 * @param boundaries {@code numSeg} arrays of {@code sizeX} depths in pixels from the top of the B-scan, in the
 *        file's order (Heyex: ILM, BM, RNFL, then further layers); invalid points are NaN
 */
public final class VolBScan {
    private final int index;
    private final double startX;
    private final double startY;
    private final double endX;
    private final double endY;
    private final float quality;
    private final int shift;
    private final float[][] boundaries;

    public VolBScan(int index, double startX, double startY, double endX, double endY, float quality, int shift, float[][] boundaries) {
        this.index = index;
        this.startX = startX;
        this.startY = startY;
        this.endX = endX;
        this.endY = endY;
        this.quality = quality;
        this.shift = shift;
        this.boundaries = boundaries;
    }

    public int index() {
        return index;
    }

    public double startX() {
        return startX;
    }

    public double startY() {
        return startY;
    }

    public double endX() {
        return endX;
    }

    public double endY() {
        return endY;
    }

    public float quality() {
        return quality;
    }

    public int shift() {
        return shift;
    }

    public float[][] boundaries() {
        return boundaries;
    }


    /** Names of the boundaries Heyex stores first, in file order. */
    public static final List<String> BOUNDARY_NAMES = List.of("ILM", "BM", "RNFL");
    public static final int ILM = 0;
    public static final int BM = 1;
    public static final int RNFL = 2;

    /** The name of boundary {@code i} ("boundary 4" and so on after the known ones). */
    public static String boundaryName(int i) {
        return i < BOUNDARY_NAMES.size() ? BOUNDARY_NAMES.get(i) : "boundary " + (i + 1);
    }

    /** Boundary {@code i}, or null if the file has fewer. */
    public float[] boundary(int i) {
        return i < boundaries.length ? boundaries[i] : null;
    }
}
