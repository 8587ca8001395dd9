package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import java.awt.Color;
import java.nio.file.Path;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;
import org.scsefiji.io.vol.VolBScan;
import org.scsefiji.io.vol.VolFile;
import org.scsefiji.io.vol.VolHeader;
import org.scsefiji.io.vol.VolPixels;
import org.scsefiji.io.vol.VolReader;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/**
 * File &gt; Import &gt; Heidelberg OCT (.vol)...: the B-scans as a calibrated stack (see {@link VolImages#bScans}), the SLO
 * fundus image as a second image, the vendor's boundaries as an overlay. Nothing is shown here: the caller shows.
 */
public final class VolImportAction {
    /** Overlay colours of the vendor boundaries ILM, BM, RNFL (as {@link VolBScan#BOUNDARY_NAMES}). */
    private static final Color[] COLOURS = {Color.YELLOW, Color.CYAN, Color.MAGENTA};

    /** The opened images: B-scans, and the SLO image or null. */
    public static final class Result {
        public final ImagePlus bScans;
        public final ImagePlus slo;

        Result(ImagePlus bScans, ImagePlus slo) {
            this.bScans = bScans;
            this.slo = slo;
        }
    }

    private VolImportAction() {
    }

    public static Result run(Settings settings) throws java.io.IOException {
        Path file = settings.path("open");
        VolPixels pixels = settings.choice("pixels").equals(Operations.VOL_PIXELS.get(0)) ? VolPixels.DISPLAY_8BIT : VolPixels.RAW;
        VolFile vol = VolReader.read(file, new VolReader.Options(pixels, settings.bool("patient_id")));
        ImagePlus stack = VolImages.bScans(vol);
        // Info holds the header; the same facts as properties, for macros (Property.get) and scripts
        VolHeader h = vol.header();
        stack.setProp("Device", "Heidelberg Spectralis (" + h.version() + ")");
        stack.setProp("ScanPosition", h.scanPosition());
        stack.setProp("ScanPattern", h.scanPatternName());
        if (h.examTime() != null) stack.setProp("ExamTime", h.examTime().toString());
        if (h.patientId() != null) stack.setProp("PatientID", h.patientId());
        if (settings.bool("boundaries")) stack.setOverlay(boundaries(vol));
        ImagePlus slo = settings.bool("slo") && vol.slo() != null ? slo(vol) : null;
        return new Result(stack, slo);
    }

    /** The vendor boundaries as open polylines, one per boundary and B-scan (split where the vendor marks no value). */
    public static Overlay boundaries(VolFile vol) {
        Overlay overlay = new Overlay();
        for (VolBScan b : vol.bScans()) {
            float[][] lines = b.boundaries();
            for (int k = 0; k < lines.length; k++) {
                float[] z = lines[k];
                int start = -1;
                for (int x = 0; x <= z.length; x++) {
                    boolean ok = x < z.length && Float.isFinite(z[x]) && z[x] >= 0 && z[x] < vol.header().sizeZ();
                    if (ok && start < 0) start = x;
                    if (!ok && start >= 0) {
                        add(overlay, z, start, x, b.index() + 1, k);
                        start = -1;
                    }
                }
            }
        }
        return overlay;
    }

    private static void add(Overlay overlay, float[] z, int from, int to, int slice, int k) {
        int n = to - from;
        float[] xs = new float[n], ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = from + i + 0.5f;
            ys[i] = z[from + i];
        }
        PolygonRoi line = new PolygonRoi(xs, ys, n, n == 1 ? Roi.POINT : Roi.POLYLINE);
        line.setStrokeColor(COLOURS[k % COLOURS.length]);
        line.setName(VolBScan.boundaryName(k) + " " + slice);
        line.setPosition(slice);
        overlay.add(line);
    }

    /** The SLO fundus image, calibrated in um. */
    public static ImagePlus slo(VolFile vol) {
        RandomAccessibleInterval<UnsignedByteType> img = vol.slo();
        int w = (int) img.dimension(0), hgt = (int) img.dimension(1);
        byte[] bytes = new byte[w * hgt];
        Cursor<UnsignedByteType> c = Views.flatIterable(img).cursor();
        for (int i = 0; c.hasNext(); i++) bytes[i] = (byte) c.next().get();
        String name = vol.file().getFileName().toString();
        ImagePlus imp = new ImagePlus(name.replaceFirst("(?i)\\.vol$", "") + "_SLO", new ByteProcessor(w, hgt, bytes));
        Calibration cal = new Calibration();
        cal.setUnit("um");
        cal.pixelWidth = vol.header().sloScaleX() * 1000;
        cal.pixelHeight = vol.header().sloScaleY() * 1000;
        imp.setCalibration(cal);
        imp.setProperty("Info", vol.header().describe());
        return imp;
    }
}
