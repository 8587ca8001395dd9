package org.scsefiji.measure;

/**
 * The ETDRS grid of a volume: circles of 1, 3 and 6 mm diameter around the fovea, nine sectors (C0 the centre;
 * S1, N1, I1, T1 the inner ring; S2, N2, I2, T2 the outer ring; superior, nasal, inferior, temporal, split along
 * the diagonals), with each layer's mean thickness and volume per sector.
 *
 * <p>An A-scan belongs to the sector its position ({@link ScanGeometry}) falls in, measured from the centre; a
 * point on a circle belongs to the inner zone, a point on a diagonal to the superior or inferior sector. Superior
 * is up on the SLO image; nasal is right for a right eye (OD), left for a left eye (OS), and right when the eye is
 * unknown. The mean is over the A-scans with retina in the sector; the volume is that mean times the sector's
 * nominal area (as Heyex reports sector volumes), so a sector only partly scanned gets the volume its scanned part
 * suggests: {@code coverage} (scanned area over nominal area) says how much of it was scanned.
 */
public final class EtdrsGrid {
    /** The three circle diameters, mm. */
    public static final double[] DIAMETERS_MM = {1, 3, 6};
    /** Half-width (mm) of the box over which total retinal thickness is averaged when looking for the fovea. */
    static final double FOVEA_SMOOTHING_MM = 0.1;
    /** The fovea is looked for within this distance (mm) of the scan centre. */
    public static final double FOVEA_SEARCH_MM = 1.0;

    public enum Sector {
        C0, S1, N1, I1, T1, S2, N2, I2, T2;

        /** The sector's area in mm2 on the grid: pi/4 for C0, a quarter of the ring for the others. */
        public double nominalAreaMm2() {
            double r0 = DIAMETERS_MM[0] / 2, r1 = DIAMETERS_MM[1] / 2, r2 = DIAMETERS_MM[2] / 2;
            if (this == C0) return Math.PI * r0 * r0;
            return ordinal() <= 4 ? Math.PI * (r1 * r1 - r0 * r0) / 4 : Math.PI * (r2 * r2 - r1 * r1) / 4;
        }
    }

    private final double[] centreMm;
    private final boolean centreFound;
    private final Eye eye;
    /** [layer 0..7][sector]: mean um, A-scan count. */
    private final double[][] mean;
    private final int[][] count;
    private final double aScanAreaMm2;

    private EtdrsGrid(double[] centreMm, boolean centreFound, Eye eye, double[][] mean, int[][] count, double aScanAreaMm2) {
        this.centreMm = centreMm;
        this.centreFound = centreFound;
        this.eye = eye;
        this.mean = mean;
        this.count = count;
        this.aScanAreaMm2 = aScanAreaMm2;
    }

    /**
     * The sector of a point {@code dxMm} to the right of and {@code dyUpMm} above the centre (on the SLO image),
     * or null outside the 6 mm circle.
     */
    public static Sector sectorOf(double dxMm, double dyUpMm, Eye eye) {
        double r = Math.hypot(dxMm, dyUpMm);
        if (r <= DIAMETERS_MM[0] / 2) return Sector.C0;
        int ring;
        if (r <= DIAMETERS_MM[1] / 2) ring = 0;
        else if (r <= DIAMETERS_MM[2] / 2) ring = 1;
        else return null;
        Sector[] s = ring == 0 ? new Sector[] {Sector.S1, Sector.N1, Sector.I1, Sector.T1} : new Sector[] {Sector.S2, Sector.N2, Sector.I2, Sector.T2};
        if (Math.abs(dyUpMm) >= Math.abs(dxMm)) return dyUpMm > 0 ? s[0] : s[2];
        boolean right = dxMm > 0;
        return right == eye.nasalIsRight() ? s[1] : s[3];
    }

    /**
     * The grid of a volume around {@code centreMm} ({x, y} on the SLO image), or, when null, around the fovea found
     * by {@link #findFovea}.
     *
     * @throws IllegalArgumentException for a single B-scan, or when no fovea can be found
     */
    public static EtdrsGrid of(OctMeasurement m, double[] centreMm) {
        if (m.bScanCount() < 2) throw new IllegalArgumentException("The ETDRS grid needs a volume; this scan has one B-scan");
        boolean found = centreMm == null;
        double[] centre = found ? findFovea(m) : centreMm.clone();
        Eye eye = m.geometry().eye();
        int sectors = Sector.values().length;
        double[][] sum = new double[OctLayers.LAYERS + 1][sectors];
        int[][] count = new int[OctLayers.LAYERS + 1][sectors];
        for (int b = 0; b < m.bScanCount(); b++) {
            BScanLayers l = m.bScan(b);
            for (int a = 0; a < m.width(); a++) {
                if (!l.valid(a)) continue;
                double[] p = m.position(b, a);
                Sector s = sectorOf(p[0] - centre[0], centre[1] - p[1], eye);
                if (s == null) continue;
                for (int layer = 0; layer <= OctLayers.LAYERS; layer++) {
                    sum[layer][s.ordinal()] += m.thicknessUm(b, layer, a);
                    count[layer][s.ordinal()]++;
                }
            }
        }
        double[][] mean = new double[OctLayers.LAYERS + 1][sectors];
        for (int layer = 0; layer <= OctLayers.LAYERS; layer++) {
            for (int s = 0; s < sectors; s++) mean[layer][s] = count[layer][s] == 0 ? Double.NaN : sum[layer][s] / count[layer][s];
        }
        double[] px = m.mapPixelSizeMm();
        return new EtdrsGrid(centre, found, eye, mean, count, px[0] * px[1]);
    }

    /**
     * The fovea: the A-scan with the thinnest total retina (averaged over a box of +-0.1 mm, to be robust to single
     * A-scans) among those within 1 mm of the scan centre (the mean position of all A-scans).
     *
     * @throws IllegalArgumentException when no A-scan near the centre has retina
     */
    public static double[] findFovea(OctMeasurement m) {
        int w = m.width(), n = m.bScanCount();
        double cx = 0, cy = 0;
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < w; a++) {
                double[] p = m.position(b, a);
                cx += p[0];
                cy += p[1];
            }
        }
        cx /= (double) w * n;
        cy /= (double) w * n;
        // summed-area tables of thickness and of valid A-scans on the (B-scan, A-scan) grid
        double[][] sum = new double[n + 1][w + 1];
        int[][] cnt = new int[n + 1][w + 1];
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < w; a++) {
                double t = m.thicknessUm(b, 0, a);
                boolean ok = !Double.isNaN(t);
                sum[b + 1][a + 1] = sum[b][a + 1] + sum[b + 1][a] - sum[b][a] + (ok ? t : 0);
                cnt[b + 1][a + 1] = cnt[b][a + 1] + cnt[b + 1][a] - cnt[b][a] + (ok ? 1 : 0);
            }
        }
        double[] px = m.mapPixelSizeMm();
        int ha = (int) Math.round(FOVEA_SMOOTHING_MM / px[0]);
        int hb = px[1] > 0 ? (int) Math.round(FOVEA_SMOOTHING_MM / px[1]) : 0;
        double best = Double.POSITIVE_INFINITY;
        double[] fovea = null;
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < w; a++) {
                double[] p = m.position(b, a);
                if (Math.hypot(p[0] - cx, p[1] - cy) > FOVEA_SEARCH_MM || Double.isNaN(m.thicknessUm(b, 0, a))) continue;
                int b0 = Math.max(0, b - hb), b1 = Math.min(n, b + hb + 1), a0 = Math.max(0, a - ha), a1 = Math.min(w, a + ha + 1);
                int c = cnt[b1][a1] - cnt[b0][a1] - cnt[b1][a0] + cnt[b0][a0];
                double s = sum[b1][a1] - sum[b0][a1] - sum[b1][a0] + sum[b0][a0];
                double mean = s / c;
                if (mean < best) {
                    best = mean;
                    fovea = p;
                }
            }
        }
        if (fovea == null) {
            throw new IllegalArgumentException("No A-scan within " + FOVEA_SEARCH_MM + " mm of the scan centre has retina: cannot find the fovea; give its position");
        }
        return fovea;
    }

    /** {x, y} mm on the SLO image. */
    public double[] centreMm() {
        return centreMm.clone();
    }

    /** True when the centre was found as the thinnest retina, false when it was given. */
    public boolean centreFound() {
        return centreFound;
    }

    public Eye eye() {
        return eye;
    }

    /** Mean thickness (um) of a layer (0 = retina) in a sector; NaN when no A-scan with retina falls in it. */
    public double meanUm(int layer, Sector s) {
        return mean[layer][s.ordinal()];
    }

    /** Mean thickness times the sector's nominal area, mm3; NaN when the mean is. */
    public double volumeMm3(int layer, Sector s) {
        return mean[layer][s.ordinal()] / 1000 * s.nominalAreaMm2();
    }

    /** A-scans with retina in a sector. */
    public int aScans(Sector s) {
        return count[0][s.ordinal()];
    }

    /** Scanned fraction of a sector: its A-scans times the area of one A-scan, over the nominal area. */
    public double coverage(Sector s) {
        return count[0][s.ordinal()] * aScanAreaMm2 / s.nominalAreaMm2();
    }
}
