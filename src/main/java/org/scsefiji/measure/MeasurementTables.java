package org.scsefiji.measure;

import java.util.ArrayList;
import java.util.List;
import org.scsefiji.io.CsvTable;

/**
 * The measurements as tables, with units in the column names: per A-scan, per B-scan, per ETDRS sector, and a
 * one-row summary. The command line writes them as CSV; Fiji shows them as results tables.
 */
public final class MeasurementTables {
    private MeasurementTables() {
    }

    private static List<String> layerKeys() {
        List<String> keys = new ArrayList<>(List.of(OctLayers.RETINA_KEY));
        keys.addAll(OctLayers.LAYER_KEYS);
        return keys;
    }

    /** One row per A-scan: position, boundary depths (um below the top of the B-scan), thickness per layer (um), fluid. */
    public static CsvTable aScans(OctMeasurement m) {
        List<String> cols = new ArrayList<>(List.of("bscan", "ascan", "x_mm", "y_mm"));
        for (String k : OctLayers.BOUNDARY_KEYS) cols.add(k + "_depth_um");
        for (String k : layerKeys()) cols.add(k + "_thickness_um");
        cols.add("fluid_um");
        CsvTable t = new CsvTable(cols);
        double h = m.geometry().voxel().height();
        for (int b = 0; b < m.bScanCount(); b++) {
            BScanLayers l = m.bScan(b);
            for (int a = 0; a < m.width(); a++) {
                double[] p = m.position(b, a);
                Object[] row = new Object[cols.size()];
                int i = 0;
                row[i++] = b + 1;
                row[i++] = a + 1;
                row[i++] = p[0];
                row[i++] = p[1];
                for (int k = 0; k < OctLayers.BOUNDARIES; k++) row[i++] = m.boundaryDepthUm(b, k, a);
                for (int layer = 0; layer <= OctLayers.LAYERS; layer++) row[i++] = m.thicknessUm(b, layer, a);
                row[i] = l.valid(a) ? (Object) (l.fluidPixels(a) * h) : (Object) Double.NaN;
                t.add(row);
            }
        }
        return t;
    }

    /** One row per B-scan: A-scans with retina, mean and SD thickness per layer (um), fluid area (mm2). */
    public static CsvTable bScans(OctMeasurement m) {
        List<String> cols = new ArrayList<>(List.of("bscan", "valid_ascans"));
        for (String k : layerKeys()) {
            cols.add(k + "_mean_thickness_um");
            cols.add(k + "_sd_thickness_um");
        }
        cols.add("fluid_area_mm2");
        CsvTable t = new CsvTable(cols);
        for (int b = 0; b < m.bScanCount(); b++) {
            OctMeasurement.BScanSummary s = m.summary(b);
            Object[] row = new Object[cols.size()];
            int i = 0;
            row[i++] = b + 1;
            row[i++] = s.validAScans;
            for (int layer = 0; layer <= OctLayers.LAYERS; layer++) {
                row[i++] = s.meanUm[layer];
                row[i++] = s.sdUm[layer];
            }
            row[i] = s.fluidAreaMm2;
            t.add(row);
        }
        return t;
    }

    /** One row per layer (retina first) and ETDRS sector: mean thickness (um), volume (mm3), A-scans, coverage. */
    public static CsvTable etdrs(EtdrsGrid g) {
        CsvTable t = new CsvTable(List.of("layer", "sector", "mean_thickness_um", "volume_mm3", "ascans", "coverage", "eye"));
        String eye = g.eye() == Eye.UNKNOWN ? "unknown (nasal taken as right, as for OD)" : g.eye().name();
        for (int layer = 0; layer <= OctLayers.LAYERS; layer++) {
            String name = layer == 0 ? OctLayers.RETINA_NAME : OctLayers.LAYER_NAMES.get(layer - 1);
            for (EtdrsGrid.Sector s : EtdrsGrid.Sector.values()) {
                t.add(name, s.name(), g.meanUm(layer, s), g.volumeMm3(layer, s), g.aScans(s), g.coverage(s), eye);
            }
        }
        return t;
    }

    /**
     * One row: the scan's size and calibration, fluid volume, the ETDRS centre (grid may be null for a single
     * B-scan), and, when given, the comparison with the vendor's ILM-BM thickness (may be null).
     */
    public static CsvTable summary(String name, OctMeasurement m, EtdrsGrid grid, VendorComparison vendor) {
        CsvTable t = new CsvTable(List.of("image", "bscans", "ascans_per_bscan", "pixel_width_um", "pixel_height_um",
                "bscan_spacing_um", "eye", "positions", "retina_mean_thickness_um", "fluid_area_mm2", "fluid_volume_mm3",
                "fovea_x_mm", "fovea_y_mm", "fovea", "vendor_ascans", "vendor_retina_mean_thickness_um",
                "retina_mean_abs_difference_um", "retina_mean_abs_difference_px", "retina_mean_difference_um",
                "ilm_mean_abs_difference_px", "bm_mean_abs_difference_px"));
        double sum = 0, fluid = 0;
        long n = 0;
        for (int b = 0; b < m.bScanCount(); b++) {
            OctMeasurement.BScanSummary s = m.summary(b);
            if (s.validAScans > 0) {
                sum += s.meanUm[0] * s.validAScans;
                n += s.validAScans;
            }
            fluid += s.fluidAreaMm2;
        }
        double[] c = grid == null ? new double[] {Double.NaN, Double.NaN} : grid.centreMm();
        t.add(name, m.bScanCount(), m.width(), m.geometry().voxel().width(), m.geometry().voxel().height(),
                m.geometry().voxel().depth(), m.geometry().eye().name(),
                m.geometry().hasScannerPositions() ? "scanner" : "from spacing", n == 0 ? Double.NaN : sum / n, fluid,
                m.fluidVolumeMm3(), c[0], c[1], grid == null ? "" : grid.centreFound() ? "thinnest retina" : "given",
                vendor == null ? null : vendor.aScans(), vendor == null ? null : vendor.vendorMeanUm(),
                vendor == null ? null : vendor.meanAbsDifferenceUm(), vendor == null ? null : vendor.meanAbsDifferencePixels(),
                vendor == null ? null : vendor.meanDifferenceUm(), vendor == null ? null : vendor.ilmErrorPixels(),
                vendor == null ? null : vendor.bmErrorPixels());
        return t;
    }
}
