package org.scsefiji.imagej;

import org.scsefiji.io.FileNames;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import org.scsefiji.io.VoxelSize;
import org.scsefiji.io.vol.VolFile;
import org.scsefiji.io.vol.VolPixels;
import org.scsefiji.io.vol.VolReader;
import org.scsefiji.measure.EtdrsGrid;
import org.scsefiji.measure.Eye;
import org.scsefiji.measure.MeasurementTables;
import org.scsefiji.measure.OctLayers;
import org.scsefiji.measure.OctMeasurement;
import org.scsefiji.measure.ScanGeometry;
import org.scsefiji.measure.VendorComparison;
import org.scsefiji.task.CancelToken;

/**
 * Measures OCT layer label files into CSV tables and thickness-map TIFFs: the engine behind the command line's
 * {@code measure} (and, later, Fiji's Measure OCT Layers). Per label image X_labels.tif it writes
 * X_ascans.csv, X_bscans.csv, X_summary.csv and, for a volume, X_etdrs.csv and X_thickness_maps.tif.
 */
public final class LayerMeasurementFiles {
    /** Choices of a run. */
    public static final class Options {
        /** The eye when no .vol file says it (UNKNOWN: sectors named as for OD). */
        public Eye eye = Eye.UNKNOWN;
        /** The ETDRS centre {x, y} in mm on the SLO image, or null to find the fovea. */
        public double[] foveaMm;
    }

    /** What one label file gave. */
    public static final class Result {
        public final OctMeasurement measurement;
        public final EtdrsGrid grid;
        public final VendorComparison vendor;
        public final List<Path> written;
        /** What could not be measured, and why. */
        public final List<String> notes;

        Result(OctMeasurement measurement, EtdrsGrid grid, VendorComparison vendor, List<Path> written, List<String> notes) {
            this.notes = List.copyOf(notes);
            this.measurement = measurement;
            this.grid = grid;
            this.vendor = vendor;
            this.written = written;
        }
    }

    private LayerMeasurementFiles() {
    }

    /** The eye and ETDRS centre of a run of {@code measure} or Measure OCT Layers; errors name the key. */
    public static Options options(org.scsefiji.options.Settings settings) {
        Options o = new Options();
        String eye = settings.choice("eye");
        o.eye = Eye.parse(eye);
        if (o.eye == Eye.UNKNOWN && !eye.equalsIgnoreCase("unknown")) throw new IllegalArgumentException("eye: choose OD or OS, not '" + eye + "'");
        if (!settings.isBlank("fovea")) {
            String[] p = settings.text("fovea").split(",");
            try {
                if (p.length != 2) throw new NumberFormatException();
                o.foveaMm = new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fovea: give X,Y in mm, not '" + settings.text("fovea") + "'");
            }
        }
        return o;
    }

    /** The label files to measure: {@code labels} itself, or the *_labels.tif files of that folder, sorted. */
    public static List<Path> labelFiles(Path labels) throws IOException {
        if (!Files.isDirectory(labels)) return List.of(labels);
        try (java.util.stream.Stream<Path> s = Files.list(labels)) {
            return s.filter(p -> p.getFileName().toString().endsWith(FileSegmentation.LABELS_SUFFIX)).sorted()
                    .collect(java.util.stream.Collectors.toList());
        }
    }

    /** The .vol file of a label file: {@code image} itself, or X.vol in the {@code image} folder; null without one. */
    public static Path volFor(Path labels, Path image) {
        if (image == null) return null;
        if (!Files.isDirectory(image)) return image;
        Path vol = image.resolve(baseName(labels) + ".vol");
        if (!Files.isRegularFile(vol)) throw new IllegalArgumentException("image: no " + vol.getFileName() + " in " + image + " for " + labels.getFileName());
        return vol;
    }

    /** What a result says, in lines for a log. */
    public static List<String> describe(Result r) {
        List<String> lines = new ArrayList<>();
        OctMeasurement m = r.measurement;
        double sum = 0;
        int n = 0;
        for (int b = 0; b < m.bScanCount(); b++) {
            OctMeasurement.BScanSummary s = m.summary(b);
            if (s.validAScans == 0) continue;
            sum += s.meanUm[0] * s.validAScans;
            n += s.validAScans;
        }
        java.util.Locale l = java.util.Locale.ROOT;
        lines.add(String.format(l, "  %d B-scans, retina (ILM-BM) mean %.1f um over %d A-scans", m.bScanCount(), n == 0 ? Double.NaN : sum / n, n));
        if (r.grid != null) {
            double[] c = r.grid.centreMm();
            lines.add(String.format(l, "  ETDRS centre (%.3f, %.3f) mm (%s); fluid volume %.6f mm3", c[0], c[1],
                    r.grid.centreFound() ? "thinnest retina" : "given", m.fluidVolumeMm3()));
        }
        if (r.vendor != null) {
            lines.add(String.format(l, "  vs vendor ILM-BM: ours %.1f um, vendor %.1f um, mean |difference| %.1f um (%.1f px), mean difference %+.1f um, %d A-scans;"
                    + " ILM %.1f px and BM %.1f px from the vendor's on average",
                    r.vendor.oursMeanUm(), r.vendor.vendorMeanUm(), r.vendor.meanAbsDifferenceUm(), r.vendor.meanAbsDifferencePixels(),
                    r.vendor.meanDifferenceUm(), r.vendor.aScans(), r.vendor.ilmErrorPixels(), r.vendor.bmErrorPixels()));
        }
        for (String note : r.notes) lines.add("  " + note);
        if (!r.written.isEmpty()) lines.add("  wrote " + r.written);
        return lines;
    }

    /** The base name of a label file: X for X_labels.tif (else the name without its extension). */
    public static String baseName(Path labels) {
        String name = labels.getFileName().toString();
        if (name.endsWith(FileSegmentation.LABELS_SUFFIX)) return name.substring(0, name.length() - FileSegmentation.LABELS_SUFFIX.length());
        return FileNames.baseName(name);
    }

    /**
     * Measures {@code labels} (with the scan geometry, eye and vendor boundaries of {@code vol} when not null,
     * else the label image's own calibration) and writes the results into {@code output}.
     */
    public static Result run(Path labels, Path vol, Options options, Path output, CancelToken cancel) throws IOException {
        return write(measure(ImageFiles.read(labels), labels, vol, options, cancel), labels, output);
    }

    /**
     * Measures an open label image {@code imp} ({@code source} names it in errors and is never overwritten), with the
     * scan geometry, eye and vendor boundaries of {@code vol} when not null, else the image's own calibration. Writes
     * nothing.
     */
    public static Result measure(ImagePlus imp, Path source, Path vol, Options options, CancelToken cancel) throws IOException {
        Path labels = source;
        RandomAccessibleInterval<? extends IntegerType<?>> pixels;
        try {
            pixels = ImagePlusViews.wrapLabels(imp);
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(labels, e.getMessage(), e);
        }
        VolFile volFile = vol == null ? null : VolReader.read(vol, VolPixels.NONE);
        ScanGeometry geometry;
        if (volFile != null) {
            long slices = pixels.numDimensions() > 2 ? pixels.dimension(2) : 1;
            if (volFile.header().sizeX() != pixels.dimension(0) || volFile.header().sizeZ() != pixels.dimension(1)
                    || volFile.header().numBScans() != slices) {
                throw new ImageFileException(labels, "is " + pixels.dimension(0) + " x " + pixels.dimension(1) + " x " + slices
                        + " but " + vol.getFileName() + " holds " + volFile.header().numBScans() + " B-scans of " + volFile.header().sizeX()
                        + " x " + volFile.header().sizeZ() + ": not its label image");
            }
            geometry = ScanGeometry.of(volFile);
        } else {
            VoxelSize voxel;
            try {
                voxel = ImagePlusViews.calibration(imp).voxelSize();
            } catch (IllegalArgumentException e) {
                throw new ImageFileException(labels, e.getMessage() + ", or give the .vol file it came from", e);
            }
            geometry = ScanGeometry.of(voxel, options.eye);
        }
        OctMeasurement m = OctMeasurement.of(pixels, geometry, cancel);
        List<String> notes = new ArrayList<>();
        EtdrsGrid grid = null;
        if (m.bScanCount() > 1) {
            try {
                grid = EtdrsGrid.of(m, options.foveaMm);
            } catch (IllegalArgumentException e) {
                notes.add("no ETDRS grid: " + e.getMessage());
            }
        } else {
            notes.add("no ETDRS grid or thickness maps: one B-scan");
        }
        VendorComparison vendor = volFile == null ? null : VendorComparison.of(m, volFile.bScans());
        return new Result(m, grid, vendor, List.of(), notes);
    }

    /** Writes the tables and maps of {@code r} (measured from {@code labels}) into {@code output}: the result with the files. */
    public static Result write(Result r, Path labels, Path output) throws IOException {
        OctMeasurement m = r.measurement;
        EtdrsGrid grid = r.grid;
        VendorComparison vendor = r.vendor;
        String base = baseName(labels);
        Files.createDirectories(output);
        List<Path> written = new ArrayList<>();
        written.add(write(MeasurementTables.aScans(m), output.resolve(base + "_ascans.csv")));
        written.add(write(MeasurementTables.bScans(m), output.resolve(base + "_bscans.csv")));
        if (grid != null) written.add(write(MeasurementTables.etdrs(grid), output.resolve(base + "_etdrs.csv")));
        if (m.bScanCount() > 1) {
            Path maps = output.resolve(base + "_thickness_maps.tif");
            ImageFiles.writeTiff(thicknessMaps(m, base), maps, Set.of(labels.toAbsolutePath().normalize()));
            written.add(maps);
        }
        written.add(write(MeasurementTables.summary(labels.getFileName().toString(), m, grid, vendor), output.resolve(base + "_summary.csv")));
        return new Result(m, grid, vendor, written, r.notes);
    }

    private static Path write(org.scsefiji.io.CsvTable table, Path file) throws IOException {
        table.write(file);
        return file;
    }

    /**
     * En-face thickness maps (um), one slice per layer with the retina first, X the A-scan and Y the B-scan
     * (superior on top, see {@link OctMeasurement#thicknessMap}), calibrated in mm.
     */
    public static ImagePlus thicknessMaps(OctMeasurement m, String base) {
        ImageStack stack = new ImageStack(m.width(), m.bScanCount());
        for (int layer = 0; layer <= OctLayers.LAYERS; layer++) {
            float[] plane = m.thicknessMap(layer).update(null).getCurrentStorageArray();
            stack.addSlice((layer == 0 ? OctLayers.RETINA_NAME : OctLayers.LAYER_NAMES.get(layer - 1)) + " thickness (um)", plane);
        }
        ImagePlus imp = new ImagePlus(base + "_thickness_maps", stack);
        Calibration cal = new Calibration();
        cal.setUnit("mm");
        double[] px = m.mapPixelSizeMm();
        cal.pixelWidth = px[0];
        cal.pixelHeight = px[1] > 0 ? px[1] : px[0];
        cal.setValueUnit("um");
        imp.setCalibration(cal);
        imp.resetDisplayRange();
        return imp;
    }
}
