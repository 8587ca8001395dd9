package org.scsefiji.measure;

import java.util.ArrayList;
import java.util.List;
import org.scsefiji.io.VoxelSize;
import org.scsefiji.io.vol.VolBScan;
import org.scsefiji.io.vol.VolFile;
import org.scsefiji.io.vol.VolHeader;

/**
 * Where each A-scan of a volume lies, and the pixel size. Positions are in mm on the SLO (fundus) image: x to
 * the right, y down, as in the .vol B-scan headers. A raster volume's B-scans are lines from (startX, startY) to
 * (endX, endY), A-scans evenly spaced along them. Without B-scan lines the volume is taken as a raster whose
 * first B-scan is the most inferior (Heyex's order): A-scan i of B-scan b at (i * width, (n - 1 - b) * spacing).
 */
public final class ScanGeometry {
    private final VoxelSize voxel;
    private final Eye eye;
    /** Per B-scan {startX, startY, endX, endY} in mm, or null. */
    private final List<double[]> lines;

    public ScanGeometry(VoxelSize voxel, Eye eye, List<double[]> lines) {
        if (voxel == null) throw new IllegalArgumentException("The pixel size is missing");
        this.voxel = voxel;
        this.eye = eye == null ? Eye.UNKNOWN : eye;
        this.lines = lines == null ? null : List.copyOf(lines);
    }

    /** From a label image's calibration only: evenly spaced B-scans, no positions from a scanner. */
    public static ScanGeometry of(VoxelSize voxel, Eye eye) {
        return new ScanGeometry(voxel, eye, null);
    }

    /**
     * From a .vol file: its pixel size, eye, and the B-scan lines of its headers, unless the scan is a circle
     * (whose headers hold a point on the circle and its centre, not a line) or a B-scan's line is degenerate.
     */
    public static ScanGeometry of(VolFile vol) {
        VolHeader h = vol.header();
        List<double[]> lines = new ArrayList<>();
        for (VolBScan b : vol.bScans()) {
            double[] l = {b.startX(), b.startY(), b.endX(), b.endY()};
            boolean finite = true;
            for (double d : l) finite &= Double.isFinite(d);
            if (!finite || Math.hypot(l[2] - l[0], l[3] - l[1]) <= 0) {
                lines = null;
                break;
            }
            lines.add(l);
        }
        if (h.scanPattern() == VolHeader.PATTERN_CIRCLE) lines = null;
        return new ScanGeometry(h.voxelSize(), Eye.parse(h.scanPosition()), lines);
    }

    public VoxelSize voxel() {
        return voxel;
    }

    public Eye eye() {
        return eye;
    }

    /** True when positions come from the scanner's B-scan lines. */
    public boolean hasScannerPositions() {
        return lines != null;
    }

    /** The position {x, y} in mm of A-scan {@code a} (of {@code width}) of B-scan {@code b} (of {@code bScans}). */
    public double[] position(int b, int a, int width, int bScans) {
        if (lines != null) {
            if (lines.size() != bScans) {
                throw new IllegalArgumentException("The scan has " + lines.size() + " B-scan positions but the labels " + bScans + " B-scans");
            }
            double[] l = lines.get(b);
            double t = width == 1 ? 0 : (double) a / (width - 1);
            return new double[] {l[0] + t * (l[2] - l[0]), l[1] + t * (l[3] - l[1])};
        }
        return new double[] {a * voxel.width() / 1000, (bScans - 1 - b) * voxel.depth() / 1000};
    }
}
