package org.scsefiji.measure;

import java.util.ArrayList;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.scsefiji.task.CancelToken;

/**
 * Layer thickness of an OCT label image (one B-scan, or a volume with one slice per B-scan) in physical units:
 * per A-scan boundary depths and thicknesses ({@link BScanLayers} says how boundaries are placed and how fluid
 * counts), per B-scan means and SDs and fluid area, per volume en-face thickness maps and fluid volume. The ETDRS
 * grid is {@link EtdrsGrid}. Layer index 0 means the whole retina (ILM to BM), 1..7 the layers of {@link OctLayers}.
 */
public final class OctMeasurement {
    private final List<BScanLayers> bScans;
    private final ScanGeometry geometry;
    private final int width;

    private OctMeasurement(List<BScanLayers> bScans, ScanGeometry geometry, int width) {
        this.bScans = bScans;
        this.geometry = geometry;
        this.width = width;
    }

    /** Measures a label image: X across, Y depth, optionally a third axis of B-scans. */
    public static OctMeasurement of(RandomAccessibleInterval<? extends IntegerType<?>> labels, ScanGeometry geometry, CancelToken cancel) {
        int nd = labels.numDimensions();
        if (nd != 2 && nd != 3) throw new IllegalArgumentException("An OCT label image has 2 or 3 dimensions (X, depth, B-scans), got " + nd);
        RandomAccessibleInterval<? extends IntegerType<?>> zeroMin = Views.zeroMin(labels);
        int n = nd == 2 ? 1 : (int) labels.dimension(2);
        List<BScanLayers> layers = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            if (cancel != null) cancel.check();
            layers.add(BScanLayers.of(nd == 2 ? zeroMin : Views.hyperSlice(zeroMin, 2, b)));
        }
        return new OctMeasurement(List.copyOf(layers), geometry, (int) labels.dimension(0));
    }

    public int bScanCount() {
        return bScans.size();
    }

    /** A-scans per B-scan. */
    public int width() {
        return width;
    }

    public ScanGeometry geometry() {
        return geometry;
    }

    public BScanLayers bScan(int b) {
        return bScans.get(b);
    }

    /** Thickness in um of layer {@code layer} (0 = retina) at A-scan {@code a} of B-scan {@code b}; NaN without retina. */
    public double thicknessUm(int b, int layer, int a) {
        return bScans.get(b).thicknessPixels(layer, a) * geometry.voxel().height();
    }

    /** Depth in um below the top of the B-scan image of boundary {@code k} (0 ILM .. 7 BM). */
    public double boundaryDepthUm(int b, int k, int a) {
        return bScans.get(b).boundary(k, a) * geometry.voxel().height();
    }

    /** Position {x, y} in mm of an A-scan, see {@link ScanGeometry}. */
    public double[] position(int b, int a) {
        return geometry.position(b, a, width, bScans.size());
    }

    /** Per B-scan: A-scans with retina, mean and sample SD (um) of each layer's thickness over them, fluid area. */
    public static final class BScanSummary {
        public final int bScan;
        public final int validAScans;
        /** Index 0 retina, 1..7 layers; NaN without valid A-scans (SD: with fewer than two). */
        public final double[] meanUm;
        public final double[] sdUm;
        /** Fluid between ILM and BM, mm2 of the B-scan's cross-section. */
        public final double fluidAreaMm2;

        BScanSummary(int bScan, int validAScans, double[] meanUm, double[] sdUm, double fluidAreaMm2) {
            this.bScan = bScan;
            this.validAScans = validAScans;
            this.meanUm = meanUm;
            this.sdUm = sdUm;
            this.fluidAreaMm2 = fluidAreaMm2;
        }
    }

    public BScanSummary summary(int b) {
        BScanLayers l = bScans.get(b);
        double[] mean = new double[OctLayers.LAYERS + 1];
        double[] sd = new double[OctLayers.LAYERS + 1];
        int valid = 0;
        long fluid = 0;
        for (int a = 0; a < width; a++) {
            if (!l.valid(a)) continue;
            valid++;
            fluid += l.fluidPixels(a);
        }
        for (int layer = 0; layer <= OctLayers.LAYERS; layer++) {
            double sum = 0, sq = 0;
            for (int a = 0; a < width; a++) {
                if (!l.valid(a)) continue;
                double t = thicknessUm(b, layer, a);
                sum += t;
                sq += t * t;
            }
            mean[layer] = valid == 0 ? Double.NaN : sum / valid;
            sd[layer] = valid < 2 ? Double.NaN : Math.sqrt(Math.max(0, (sq - sum * sum / valid) / (valid - 1)));
        }
        double pixelAreaMm2 = geometry.voxel().width() * geometry.voxel().height() / 1e6;
        return new BScanSummary(b, valid, mean, sd, fluid * pixelAreaMm2);
    }

    /**
     * The en-face thickness map of a layer (0 = retina) in um, oriented like the SLO image: X is the A-scan, Y the
     * B-scan with the most superior one on top (Heyex stores the most inferior first: see {@link #mapRowBScan});
     * NaN where there is no retina. One map pixel is {@link #mapPixelSizeMm()}.
     */
    public ArrayImg<FloatType, FloatArray> thicknessMap(int layer) {
        float[] map = new float[width * bScans.size()];
        for (int row = 0; row < bScans.size(); row++) {
            int b = mapRowBScan(row);
            for (int a = 0; a < width; a++) map[row * width + a] = (float) thicknessUm(b, layer, a);
        }
        return ArrayImgs.floats(map, width, bScans.size());
    }

    /** The B-scan shown in row {@code row} of the thickness maps: rows go from the top of the SLO image down. */
    public int mapRowBScan(int row) {
        int n = bScans.size();
        boolean inferiorFirst = n > 1 && position(0, width / 2)[1] > position(n - 1, width / 2)[1];
        return inferiorFirst ? n - 1 - row : row;
    }

    /** {width, height} in mm of one thickness-map pixel: the A-scan spacing and the B-scan spacing. */
    public double[] mapPixelSizeMm() {
        return new double[] {geometry.voxel().width() / 1000, geometry.voxel().depth() / 1000};
    }

    /** Fluid between ILM and BM in the whole volume, mm3 (sum of B-scan fluid areas times the B-scan spacing); NaN for one B-scan. */
    public double fluidVolumeMm3() {
        if (bScans.size() < 2 || geometry.voxel().depth() <= 0) return Double.NaN;
        double area = 0;
        for (int b = 0; b < bScans.size(); b++) area += summary(b).fluidAreaMm2;
        return area * geometry.voxel().depth() / 1000;
    }
}
