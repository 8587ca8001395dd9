package org.scsefiji.imagej;

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

    /** The base name of a label file: X for X_labels.tif (else the name without its extension). */
    public static String baseName(Path labels) {
        String name = labels.getFileName().toString();
        if (name.endsWith(FileSegmentation.LABELS_SUFFIX)) return name.substring(0, name.length() - FileSegmentation.LABELS_SUFFIX.length());
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Measures {@code labels} (with the scan geometry, eye and vendor boundaries of {@code vol} when not null,
     * else the label image's own calibration) and writes the results into {@code output}.
     */
    public static Result run(Path labels, Path vol, Options options, Path output, CancelToken cancel) throws IOException {
        ImagePlus imp = ImageFiles.read(labels);
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
            Calibration cal = imp.getCalibration();
            VoxelSize voxel;
            try {
                voxel = VoxelSize.of(cal.pixelWidth, cal.pixelHeight, imp.getStackSize() > 1 ? cal.pixelDepth : 0, cal.getUnit());
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
        return new Result(m, grid, vendor, written, notes);
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
