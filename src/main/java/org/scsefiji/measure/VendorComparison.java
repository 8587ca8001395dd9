package org.scsefiji.measure;

import java.util.List;
import org.scsefiji.io.vol.VolBScan;

/**
 * Our total retinal thickness (ILM to BM) against the vendor's, and our ILM and BM boundaries against the
 * vendor's, from the ILM and BM boundaries a .vol file carries, over the A-scans where both are defined.
 */
public final class VendorComparison {
    private final int aScans;
    private final double vendorMeanUm;
    private final double oursMeanUm;
    private final double meanAbsDifferenceUm;
    private final double meanDifferenceUm;
    private final double pixelHeightUm;
    private final double ilmErrorPixels;
    private final double bmErrorPixels;

    private VendorComparison(int aScans, double vendorMeanUm, double oursMeanUm, double meanAbsDifferenceUm,
            double meanDifferenceUm, double pixelHeightUm, double ilmErrorPixels, double bmErrorPixels) {
        this.ilmErrorPixels = ilmErrorPixels;
        this.bmErrorPixels = bmErrorPixels;
        this.aScans = aScans;
        this.vendorMeanUm = vendorMeanUm;
        this.oursMeanUm = oursMeanUm;
        this.meanAbsDifferenceUm = meanAbsDifferenceUm;
        this.meanDifferenceUm = meanDifferenceUm;
        this.pixelHeightUm = pixelHeightUm;
    }

    /** Null when the B-scans carry no ILM and BM or their count does not match. */
    public static VendorComparison of(OctMeasurement m, List<VolBScan> bScans) {
        if (bScans.size() != m.bScanCount()) return null;
        double h = m.geometry().voxel().height();
        double absSum = 0, sum = 0, vendor = 0, ours = 0, ilmError = 0, bmError = 0;
        int n = 0;
        for (int b = 0; b < bScans.size(); b++) {
            float[] ilm = bScans.get(b).boundary(VolBScan.ILM);
            float[] bm = bScans.get(b).boundary(VolBScan.BM);
            if (ilm == null || bm == null || ilm.length != m.width()) return null;
            BScanLayers layers = m.bScan(b);
            for (int a = 0; a < m.width(); a++) {
                double v = (bm[a] - ilm[a]) * h;
                double o = m.thicknessUm(b, 0, a);
                if (Double.isNaN(v) || Double.isNaN(o)) continue;
                absSum += Math.abs(o - v);
                sum += o - v;
                vendor += v;
                ours += o;
                ilmError += Math.abs(layers.boundary(0, a) - ilm[a]);
                bmError += Math.abs(layers.boundary(OctLayers.BOUNDARIES - 1, a) - bm[a]);
                n++;
            }
        }
        if (n == 0) return new VendorComparison(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, h, Double.NaN, Double.NaN);
        return new VendorComparison(n, vendor / n, ours / n, absSum / n, sum / n, h, ilmError / n, bmError / n);
    }

    /** A-scans where both thicknesses are defined. */
    public int aScans() {
        return aScans;
    }

    public double vendorMeanUm() {
        return vendorMeanUm;
    }

    public double oursMeanUm() {
        return oursMeanUm;
    }

    public double meanAbsDifferenceUm() {
        return meanAbsDifferenceUm;
    }

    public double meanAbsDifferencePixels() {
        return meanAbsDifferenceUm / pixelHeightUm;
    }

    /** Ours minus the vendor's, mean (um): positive when we measure thicker. */
    public double meanDifferenceUm() {
        return meanDifferenceUm;
    }

    /** Mean |our ILM depth - the vendor's| in pixels, over the compared A-scans. */
    public double ilmErrorPixels() {
        return ilmErrorPixels;
    }

    /** Mean |our BM depth - the vendor's| in pixels, over the compared A-scans. */
    public double bmErrorPixels() {
        return bmErrorPixels;
    }
}
