package org.scsefiji.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.scsefiji.io.CsvTable;
import org.scsefiji.io.vol.VolBScan;
import org.scsefiji.io.vol.VolFile;
import org.scsefiji.io.vol.VolPixels;
import org.scsefiji.io.vol.VolReader;
import org.scsefiji.task.CancelToken;

/** Measuring with the geometry and boundaries of the shared .vol files (skipped when they are absent). */
class OctMeasurementSharedDataTest {
    static VolFile vol(String name) throws IOException {
        Path f = Paths.get(System.getProperty("scse.data.dir", "../shared/data"), "oct-vol", name);
        Assumptions.assumeTrue(Files.isReadable(f), "shared .vol data not present: " + f);
        return VolReader.read(f, VolPixels.NONE);
    }

    @Test
    void eyepyVolumeGivesCalibratedMapsAndAFullEtdrsTable() throws IOException {
        VolFile v = vol("eyepy_test_volume.vol");
        int w = v.header().sizeX(), h = v.header().sizeZ(), n = v.header().numBScans();
        byte[] labels = new byte[w * h * n];
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < w; a++) {
                int top = 8 + (a + b) % 3, bottom = 30 - Math.abs(a - 25) / 5; // thinner at the centre
                for (int z = 0; z < h; z++) {
                    int label = z < top ? 0 : z < bottom - 3 ? 1 + (z - top) * 6 / (bottom - 3 - top) : z < bottom ? 7 : 8;
                    if (z == top + 2 && a == 25) label = OctLayers.FLUID;
                    labels[(b * h + z) * w + a] = (byte) label;
                }
            }
        }
        OctMeasurement m = OctMeasurement.of(ArrayImgs.unsignedBytes(labels, w, h, n), ScanGeometry.of(v), new CancelToken());
        assertTrue(m.geometry().hasScannerPositions());
        assertArrayEquals(new long[] {50, 10}, m.thicknessMap(0).dimensionsAsLongArray());
        assertEquals(0.011819, m.mapPixelSizeMm()[0], 1e-9);
        assertEquals(0.0314444, m.mapPixelSizeMm()[1], 1e-6);
        // eyepy's B-scans go upwards on the SLO (y 6.807 .. 6.524 mm): the map's top row is the last B-scan
        assertEquals(9, m.mapRowBScan(0));
        assertEquals((30 - 25 / 5 - (8 + 9 % 3)) * v.header().scaleZ() * 1000, m.thicknessMap(0).firstElement().get(), 1e-4,
                "A-scan 0 of B-scan 10: BM at 25, ILM at 8");
        assertArrayEquals(new double[] {1.513, 6.807}, m.position(0, 0), 1e-9);
        double fluidArea = m.summary(0).fluidAreaMm2;
        assertEquals(1 * 0.011819 * 0.003872, fluidArea, 1e-12, "one fluid pixel per B-scan");
        assertEquals(10 * fluidArea * 0.0314444, m.fluidVolumeMm3(), 1e-9);

        EtdrsGrid g = EtdrsGrid.of(m, null);
        CsvTable t = MeasurementTables.etdrs(g);
        assertEquals(8 * 9, t.rowCount(), "retina + 7 layers, 9 sectors");
        assertEquals(Eye.OD, g.eye());
        // the scan is 0.58 x 0.28 mm: only the centre and the inner ring are touched
        assertTrue(g.aScans(EtdrsGrid.Sector.C0) > 0);
        assertTrue(Double.isNaN(g.meanUm(0, EtdrsGrid.Sector.S2)));
        assertEquals(MeasurementTables.aScans(m).rowCount(), 500);
        assertEquals(10, MeasurementTables.bScans(m).rowCount());
    }

    /**
     * A label image built from Heyex's own ILM, RNFL and BM on Willis_B_716_2.vol (rows whose centre is above the
     * ILM vitreous, and so on) gives back Heyex's total retinal thickness to within the pixel rounding.
     */
    @Test
    void willisVendorBoundariesRoundTripThroughALabelImage() throws IOException {
        VolFile v = vol("Willis_B_716_2.vol");
        int w = v.header().sizeX(), h = v.header().sizeZ();
        VolBScan s = v.bScans().get(0);
        float[] ilm = s.boundary(VolBScan.ILM), rnfl = s.boundary(VolBScan.RNFL), bm = s.boundary(VolBScan.BM);
        byte[] labels = new byte[w * h];
        for (int a = 0; a < w; a++) {
            for (int z = 0; z < h; z++) {
                float c = z + 0.5f;
                int label = c < ilm[a] ? 0 : c < rnfl[a] ? 1 : c < bm[a] - 10 ? 5 : c < bm[a] ? 7 : 8;
                labels[z * w + a] = (byte) label;
            }
        }
        OctMeasurement m = OctMeasurement.of(ArrayImgs.unsignedBytes(labels, w, h), ScanGeometry.of(v), new CancelToken());
        double pixel = v.header().voxelSize().height();
        for (int a = 0; a < w; a++) {
            double vendor = (bm[a] - ilm[a]) * pixel;
            assertEquals(vendor, m.thicknessUm(0, 0, a), pixel + 1e-9, "A-scan " + a);
            assertEquals((rnfl[a] - ilm[a]) * pixel, m.thicknessUm(0, 1, a), pixel + 1e-9, "NFL at A-scan " + a);
        }
        VendorComparison c = VendorComparison.of(m, v.bScans());
        assertEquals(768, c.aScans());
        assertTrue(c.meanAbsDifferencePixels() <= 0.5, "mean |difference| " + c.meanAbsDifferencePixels() + " px");
        assertEquals(0, c.meanDifferenceUm(), 0.1 * pixel, "no bias");
        assertTrue(c.ilmErrorPixels() <= 0.5 && c.bmErrorPixels() <= 0.5, "ILM " + c.ilmErrorPixels() + " px, BM " + c.bmErrorPixels() + " px");
        assertEquals(c.vendorMeanUm(), m.summary(0).meanUm[0], 0.1 * pixel);
    }
}
