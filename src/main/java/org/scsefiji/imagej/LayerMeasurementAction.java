package org.scsefiji.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Plot;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.ResultsTable;
import ij.plugin.LutLoader;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.scsefiji.io.CsvTable;
import org.scsefiji.measure.EtdrsGrid;
import org.scsefiji.measure.MeasurementTables;
import org.scsefiji.measure.OctLayers;
import org.scsefiji.measure.OctMeasurement;
import org.scsefiji.options.Settings;
import org.scsefiji.task.CancelToken;

/**
 * Plugins &gt; scSE &gt; Measure OCT Layers: {@link LayerMeasurementFiles} for Fiji. Measures the active label image (or the
 * label files named) and shows ResultsTables (X_bscans, X_etdrs, X_summary, units in the column names), a thickness
 * profile plot of the current B-scan and, for a volume, en-face thickness maps with a colour bar and the ETDRS grid;
 * with an output folder, the CSV tables and maps are written there too.
 */
public final class LayerMeasurementAction {
    private static final Color[] CURVE_COLOURS = {Color.BLACK, Color.RED, new Color(0xE69F00), new Color(0x009E73), Color.BLUE,
            new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x8B4513)};

    /** What was shown: per measured image its tables, the plot and the maps (null when not made). */
    public static final class Shown {
        public final List<ResultsTable> tables = new ArrayList<>();
        public Plot plot;
        public ImagePlus plotImage;
        public final List<ImagePlus> maps = new ArrayList<>();
        public final List<LayerMeasurementFiles.Result> results = new ArrayList<>();
    }

    private LayerMeasurementAction() {
    }

    public static Shown run(Settings settings, ImagePlus active, CancelToken cancel) throws IOException {
        LayerMeasurementFiles.Options options = LayerMeasurementFiles.options(settings);
        Path labels = settings.path("labels_directory");
        Path image = settings.path("image");
        Path output = settings.path("output_directory");
        Shown shown = new Shown();
        if (labels == null) {
            if (active == null) throw new IllegalArgumentException("labels_directory is empty and no image is open: open a label image or give one");
            Path source = source(active);
            LayerMeasurementFiles.Result r = LayerMeasurementFiles.measure(active, source, LayerMeasurementFiles.volFor(source, image), options, cancel);
            show(settings, r, source, output, active.getCurrentSlice() - 1, shown);
        } else {
            List<Path> files = LayerMeasurementFiles.labelFiles(labels);
            if (files.isEmpty()) throw new IllegalArgumentException("labels_directory: " + labels + " holds no *" + FileSegmentation.LABELS_SUFFIX + " files");
            for (Path f : files) {
                cancel.check();
                LayerMeasurementFiles.Result r = LayerMeasurementFiles.measure(ImageFiles.read(f), f, LayerMeasurementFiles.volFor(f, image), options, cancel);
                show(settings, r, f, output, 0, shown);
            }
        }
        return shown;
    }

    /** The file an open label image came from, or its title (as the name of the tables) when it was not read from one. */
    private static Path source(ImagePlus imp) {
        ij.io.FileInfo fi = imp.getOriginalFileInfo();
        if (fi != null && fi.directory != null && fi.fileName != null) return Paths.get(fi.directory, fi.fileName);
        return Paths.get(imp.getTitle().replaceAll("[\\\\/:]", "_"));
    }

    private static void show(Settings settings, LayerMeasurementFiles.Result r, Path source, Path output, int bScan, Shown shown) throws IOException {
        String base = LayerMeasurementFiles.baseName(source);
        if (output != null) r = LayerMeasurementFiles.write(r, source, output);
        IJ.log(source.getFileName().toString());
        LayerMeasurementFiles.describe(r).forEach(IJ::log);
        shown.results.add(r);
        OctMeasurement m = r.measurement;
        shown.tables.add(table(MeasurementTables.bScans(m), base + "_bscans"));
        if (r.grid != null) shown.tables.add(table(MeasurementTables.etdrs(r.grid), base + "_etdrs"));
        shown.tables.add(table(MeasurementTables.summary(source.getFileName().toString(), m, r.grid, r.vendor), base + "_summary"));
        if (settings.bool("plot")) {
            shown.plot = profile(m, Math.max(0, Math.min(bScan, m.bScanCount() - 1)), base);
            shown.plotImage = shown.plot.getImagePlus();
            if (!GraphicsEnvironment.isHeadless()) shown.plot.show();
            else Display.show(shown.plotImage);
        }
        if (settings.bool("maps") && m.bScanCount() > 1) {
            ImagePlus maps = maps(m, r.grid, base);
            Display.show(maps);
            shown.maps.add(maps);
        }
    }

    /** A CsvTable as a shown ResultsTable titled {@code title}: numbers as numbers, the rest as text. */
    public static ResultsTable table(CsvTable csv, String title) {
        ResultsTable rt = new ResultsTable();
        for (int row = 0; row < csv.rowCount(); row++) {
            rt.incrementCounter();
            for (String c : csv.columns()) {
                String v = csv.cell(row, c);
                try {
                    rt.addValue(c, Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    rt.addValue(c, v);
                }
            }
        }
        // without a display a table window cannot open (the output folder holds the tables as CSV)
        if (!GraphicsEnvironment.isHeadless()) rt.show(title);
        return rt;
    }

    /** Thickness (um) of the retina and of each layer along B-scan {@code b} against the distance across it (mm). */
    public static Plot profile(OctMeasurement m, int b, String base) {
        int w = m.width();
        double pixelMm = m.geometry().voxel().width() / 1000;
        double[] x = new double[w];
        for (int a = 0; a < w; a++) x[a] = a * pixelMm;
        Plot plot = new Plot(base + " thickness profile, B-scan " + (b + 1), "distance across (mm)", "thickness (um)");
        StringBuilder legend = new StringBuilder();
        for (int layer = 0; layer <= OctLayers.LAYERS; layer++) {
            double[] y = new double[w];
            for (int a = 0; a < w; a++) y[a] = m.thicknessUm(b, layer, a);
            plot.setColor(CURVE_COLOURS[layer % CURVE_COLOURS.length]);
            plot.setLineWidth(layer == 0 ? 2 : 1);
            plot.add("line", x, y);
            legend.append(layer == 0 ? OctLayers.RETINA_NAME : OctLayers.LAYER_NAMES.get(layer - 1)).append('\n');
        }
        plot.setLimitsToFit(false);
        plot.addLegend(legend.toString().trim(), "top-right");
        return plot;
    }

    /**
     * The thickness maps ({@link LayerMeasurementFiles#thicknessMaps}) with the Fire LUT, a calibration bar and the ETDRS grid
     * (circles of 1, 3, 6 mm and the sector diagonals, sector names) as an overlay on every slice.
     */
    public static ImagePlus maps(OctMeasurement m, EtdrsGrid grid, String base) {
        ImagePlus maps = squarePixels(LayerMeasurementFiles.thicknessMaps(m, base));
        int rowsPerBScan = maps.getHeight() / m.bScanCount();
        maps.setLut(new ij.process.LUT(LutLoader.getLut("fire"), 0, 255));
        maps.setSlice(1);
        maps.resetDisplayRange();
        Overlay overlay = grid == null ? new Overlay() : etdrsOverlay(m, grid, rowsPerBScan);
        maps.setOverlay(overlay);
        ij.process.ImageStatistics st = maps.getStatistics();
        if (!(st.max > st.min)) return maps; // no retina measured: nothing to scale
        try {
            // ImageJ's own calibration bar, drawn into the overlay (not the pixels): the colour bar in um
            IJ.run(maps, "Calibration Bar...", "location=[Upper Right] fill=None label=White number=5 decimal=0 font=10 zoom=1 overlay");
        } catch (RuntimeException e) {
            IJ.log("Measure OCT Layers: no calibration bar (" + e.getMessage() + ")");
        }
        return maps;
    }

    /**
     * The maps with each B-scan row repeated so that a pixel is about as high as wide (B-scans lie far further apart
     * than A-scans: 11 um against 120 um on Spectralis volumes), so the map and its circles look as on the fundus.
     * The values are not interpolated; the calibration follows.
     */
    static ImagePlus squarePixels(ImagePlus maps) {
        ij.measure.Calibration cal = maps.getCalibration();
        int f = (int) Math.max(1, Math.round(cal.pixelHeight / cal.pixelWidth));
        if (f == 1) return maps;
        ij.ImageStack big = new ij.ImageStack(maps.getWidth(), maps.getHeight() * f);
        for (int i = 1; i <= maps.getStackSize(); i++) {
            ij.process.ImageProcessor ip = maps.getStack().getProcessor(i);
            ip.setInterpolationMethod(ij.process.ImageProcessor.NONE);
            big.addSlice(maps.getStack().getSliceLabel(i), ip.resize(maps.getWidth(), maps.getHeight() * f));
        }
        ImagePlus out = new ImagePlus(maps.getTitle(), big);
        ij.measure.Calibration c = cal.copy();
        c.pixelHeight = cal.pixelHeight / f;
        out.setCalibration(c);
        return out;
    }

    /**
     * The ETDRS grid on the thickness map: map pixel of a position in mm found from the A-scan and B-scan spacing;
     * {@code rowsPerBScan} map rows show one B-scan.
     */
    static Overlay etdrsOverlay(OctMeasurement m, EtdrsGrid grid, int rowsPerBScan) {
        int w = m.width(), n = m.bScanCount();
        double[] first = m.position(m.mapRowBScan(0), 0), lastA = m.position(m.mapRowBScan(0), w - 1);
        double[] lastRow = m.position(m.mapRowBScan(n - 1), 0);
        // map pixel per mm along X (A-scans) and Y (rows), signed
        double ax = (lastA[0] - first[0]) / (w - 1), ry = (lastRow[1] - first[1]) / (n - 1) / rowsPerBScan;
        double[] c = grid.centreMm();
        double cx = (c[0] - first[0]) / ax + 0.5, cy = (c[1] - first[1]) / ry + rowsPerBScan / 2.0;
        double sx = 1 / Math.abs(ax), sy = 1 / Math.abs(ry);
        Overlay o = new Overlay();
        for (double d : EtdrsGrid.DIAMETERS_MM) {
            double r = d / 2;
            Roi ring = new OvalRoi(cx - r * sx, cy - r * sy, 2 * r * sx, 2 * r * sy);
            ring.setStrokeColor(Color.WHITE);
            o.add(ring);
        }
        double r0 = EtdrsGrid.DIAMETERS_MM[0] / 2, r2 = EtdrsGrid.DIAMETERS_MM[2] / 2;
        for (int q = 0; q < 4; q++) {
            double ang = Math.PI / 4 + q * Math.PI / 2, dx = Math.cos(ang), dy = Math.sin(ang);
            Line l = new Line(cx + r0 * dx * sx, cy + r0 * dy * sy, cx + r2 * dx * sx, cy + r2 * dy * sy);
            l.setStrokeColor(Color.WHITE);
            o.add(l);
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
        for (EtdrsGrid.Sector s : EtdrsGrid.Sector.values()) {
            double mean = grid.meanUm(0, s);
            if (Double.isNaN(mean)) continue;
            double[] p = sectorLabel(s, grid);
            TextRoi t = new TextRoi(0, 0, String.format(java.util.Locale.ROOT, "%.0f", mean), font);
            t.setStrokeColor(Color.WHITE);
            t.setLocation(cx + p[0] / ax - t.getFloatWidth() / 2, cy - p[1] / ry - t.getFloatHeight() / 2);
            o.add(t);
        }
        return o;
    }

    /** Where a sector's mean goes, mm right of and above the centre. */
    private static double[] sectorLabel(EtdrsGrid.Sector s, EtdrsGrid grid) {
        if (s == EtdrsGrid.Sector.C0) return new double[] {0, 0};
        double r = s.ordinal() <= 4 ? 1.0 : 2.25;
        int k = (s.ordinal() - 1) % 4; // S, N, I, T
        double nasal = grid.eye().nasalIsRight() ? 1 : -1;
        switch (k) {
            case 0: return new double[] {0, r};
            case 1: return new double[] {nasal * r, 0};
            case 2: return new double[] {0, -r};
            default: return new double[] {-nasal * r, 0};
        }
    }
}
