package org.scsefiji.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;
import org.scsefiji.io.VoxelSize;
import org.scsefiji.task.CancelToken;

class EtdrsGridTest {
    static final int N = 31;
    static final int DEPTH = 40;
    static final double UM = 3.9;

    /** Retina thickness in pixels of A-scan a: 10 + (clamp(a - 15, -2, 2) + 2)^2, so 10 px temporal ... 26 px nasal (OD). */
    static int thickness(int a) {
        int dx = Math.max(-2, Math.min(2, a - 15));
        return 10 + (dx + 2) * (dx + 2);
    }

    /** A 31 x 31 raster of A-scans 0.2 mm apart: retina of {@link #thickness} pixels from row 5, mostly NFL, 2 rows of OS+RPE. */
    static ArrayImg<UnsignedByteType, ByteArray> labels() {
        byte[] v = new byte[N * DEPTH * N];
        for (int b = 0; b < N; b++) {
            for (int a = 0; a < N; a++) {
                int t = thickness(a);
                for (int z = 0; z < DEPTH; z++) {
                    int label = z < 5 ? 0 : z < 5 + t - 2 ? 1 : z < 5 + t ? 7 : 8;
                    v[(b * DEPTH + z) * N + a] = (byte) label;
                }
            }
        }
        return ArrayImgs.unsignedBytes(v, N, DEPTH, N);
    }

    static OctMeasurement measure(Eye eye) {
        return OctMeasurement.of(labels(), ScanGeometry.of(new VoxelSize(200, UM, 200), eye), new CancelToken());
    }

    @Test
    void centralSubfieldMeanMatchesTheHandComputedValue() {
        // centre: A-scan 15 of B-scan 15 = (3.0, 3.0) mm. C0 (r <= 0.5 mm = 2.5 steps) holds 21 A-scans: dx = 0 five
        // times, dx = +-1 five times each, dx = +-2 three times each, so sum((dx + 2)^2) = 0*3 + 1*5 + 4*5 + 9*5 + 16*3 = 118.
        EtdrsGrid g = EtdrsGrid.of(measure(Eye.OD), new double[] {3.0, 3.0});
        assertEquals(21, g.aScans(EtdrsGrid.Sector.C0));
        double expected = (10 + 118.0 / 21) * UM;
        assertEquals(expected, g.meanUm(0, EtdrsGrid.Sector.C0), 1e-6);
        assertEquals(expected / 1000 * Math.PI * 0.25, g.volumeMm3(0, EtdrsGrid.Sector.C0), 1e-9);
        assertEquals((10 + 118.0 / 21 - 2) * UM, g.meanUm(1, EtdrsGrid.Sector.C0), 1e-6, "NFL: all but the 2 OS+RPE rows");
        assertEquals(21 * 0.04 / (Math.PI * 0.25), g.coverage(EtdrsGrid.Sector.C0), 1e-9);
    }

    @Test
    void nasalIsRightForTheRightEyeAndLeftForTheLeft() {
        // N1 (OD) lies at dx >= 3 steps: 26 px everywhere; T1 at dx <= -3: 10 px
        EtdrsGrid od = EtdrsGrid.of(measure(Eye.OD), new double[] {3.0, 3.0});
        assertEquals(26 * UM, od.meanUm(0, EtdrsGrid.Sector.N1), 1e-6);
        assertEquals(10 * UM, od.meanUm(0, EtdrsGrid.Sector.T1), 1e-6);
        EtdrsGrid os = EtdrsGrid.of(measure(Eye.OS), new double[] {3.0, 3.0});
        assertEquals(10 * UM, os.meanUm(0, EtdrsGrid.Sector.N1), 1e-6);
        assertEquals(26 * UM, os.meanUm(0, EtdrsGrid.Sector.T1), 1e-6);
        assertEquals(od.meanUm(0, EtdrsGrid.Sector.S2), os.meanUm(0, EtdrsGrid.Sector.S2), 1e-9);
    }

    @Test
    void sectorsOfPoints() {
        assertEquals(EtdrsGrid.Sector.C0, EtdrsGrid.sectorOf(0.5, 0, Eye.OD));
        assertEquals(EtdrsGrid.Sector.S1, EtdrsGrid.sectorOf(0.1, 1.0, Eye.OD));
        assertEquals(EtdrsGrid.Sector.I2, EtdrsGrid.sectorOf(-2.0, -2.0, Eye.OD), "diagonal: superior or inferior");
        assertEquals(EtdrsGrid.Sector.N2, EtdrsGrid.sectorOf(2.9, 0.2, Eye.OD));
        assertEquals(EtdrsGrid.Sector.T2, EtdrsGrid.sectorOf(2.9, 0.2, Eye.OS));
        assertNull(EtdrsGrid.sectorOf(3.01, 0, Eye.OD));
    }

    @Test
    void theFoveaIsTheThinnestRetinaNearTheCentre() {
        // make a pit: the retina is thinnest around A-scan 12 of B-scan 17
        ArrayImg<UnsignedByteType, ByteArray> l = labels();
        byte[] v = l.update(null).getCurrentStorageArray();
        for (int b = 16; b <= 18; b++) {
            for (int a = 11; a <= 13; a++) {
                for (int z = 8; z < DEPTH; z++) v[(b * DEPTH + z) * N + a] = (byte) (z < 10 ? 7 : 8);
            }
        }
        OctMeasurement m = OctMeasurement.of(l, ScanGeometry.of(new VoxelSize(200, UM, 200), Eye.OD), new CancelToken());
        double[] f = EtdrsGrid.findFovea(m);
        assertEquals(12 * 0.2, f[0], 1e-9);
        assertEquals((N - 1 - 17) * 0.2, f[1], 1e-9);
        assertEquals(true, EtdrsGrid.of(m, null).centreFound());
    }

    @Test
    void aSingleBScanHasNoGrid() {
        OctMeasurement m = OctMeasurement.of(net.imglib2.view.Views.hyperSlice(labels(), 2, 0),
                ScanGeometry.of(new VoxelSize(200, UM, 0), Eye.OD), new CancelToken());
        assertThrows(IllegalArgumentException.class, () -> EtdrsGrid.of(m, null));
        assertEquals(true, Double.isNaN(m.fluidVolumeMm3()));
    }
}
