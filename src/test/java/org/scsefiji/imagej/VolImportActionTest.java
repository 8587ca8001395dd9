package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.gui.Roi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.io.vol.VolWriter;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/** File &gt; Import &gt; Heidelberg OCT (.vol): calibration, pixel modes, SLO, vendor overlay, no patient ID unless asked. */
class VolImportActionTest {
    @TempDir
    Path dir;

    private VolImportAction.Result open(VolWriter w, Map<String, Object> values) throws Exception {
        Path vol = dir.resolve("scan.vol");
        Files.write(vol, w.bytes());
        Map<String, Object> all = new java.util.HashMap<>(values);
        all.put("open", vol.toString());
        return VolImportAction.run(Settings.of(Operations.IMPORT_VOL, all));
    }

    @Test
    void bScansAreACalibratedStackWithTheVendorBoundariesAndNoPatientId() throws Exception {
        VolWriter w = new VolWriter();
        VolImportAction.Result r = open(w, Map.of());
        ImagePlus b = r.bScans;
        assertEquals(8, b.getBitDepth(), "8-bit display values by default");
        assertEquals(w.numBScans, b.getStackSize());
        assertEquals(w.sizeX, b.getWidth());
        assertEquals(w.sizeZ, b.getHeight());
        assertEquals("\u00b5m", b.getCalibration().getUnit(), "um, which ImageJ writes as micro-m");
        assertEquals(w.scaleX * 1000, b.getCalibration().pixelWidth, 1e-9);
        assertEquals(w.scaleZ * 1000, b.getCalibration().pixelHeight, 1e-9);
        assertEquals(w.distance * 1000, b.getCalibration().pixelDepth, 1e-9);
        String info = (String) b.getProperty("Info");
        assertTrue(info.contains("OS"), info);
        assertFalse(info.contains(w.patientId), "no patient ID unless asked: " + info);
        assertEquals("OS", b.getProp("ScanPosition"));
        // 3 boundaries per B-scan, each one polyline (point 0 is invalid and left out), on its own slice
        assertNotNull(b.getOverlay());
        assertEquals(3 * w.numBScans, b.getOverlay().size());
        Roi ilm2 = b.getOverlay().get(3);
        assertEquals(2, ilm2.getPosition());
        assertEquals(w.sizeX - 1, ilm2.getFloatPolygon().npoints);
        assertEquals(w.boundary(1, 0, 1), ilm2.getFloatPolygon().ypoints[0], 1e-6);
        assertNotNull(r.slo);
        assertEquals(w.sloX, r.slo.getWidth());
        assertEquals(w.sloY, r.slo.getHeight());
    }

    @Test
    void rawPixelsPatientIdAndNoExtras() throws Exception {
        VolWriter w = new VolWriter();
        VolImportAction.Result r = open(w, Map.of("pixels", Operations.VOL_PIXELS.get(1), "slo", false, "boundaries", false, "patient_id", true));
        assertEquals(32, r.bScans.getBitDepth());
        assertEquals(w.pixel(0, 3, 4), r.bScans.getStack().getProcessor(1).getf(3, 4), 1e-6);
        assertTrue(Float.isNaN(r.bScans.getStack().getProcessor(1).getf(1, 2)), "invalid pixels are NaN");
        assertTrue(((String) r.bScans.getProperty("Info")).contains(w.patientId));
        assertEquals(null, r.slo);
        assertEquals(null, r.bScans.getOverlay());
    }
}
