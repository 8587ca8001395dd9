package org.scsefiji.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.scsefiji.imagej.FileSegmentation;
import org.scsefiji.imagej.LayerMeasurementFiles;
import org.scsefiji.measure.Eye;
import org.scsefiji.measure.OctMeasurement;
import org.scsefiji.task.CancelToken;

/** {@code measure}: OCT layer thickness, fluid and ETDRS tables from label images. */
final class MeasureCommand implements Subcommand {
    @Override
    public String name() {
        return "measure";
    }

    @Override
    public String description() {
        return "OCT layer thickness (um), fluid and ETDRS grid tables from label images of oct-retinal-layers";
    }

    @Override
    public String usage() {
        return "  --labels PATH      a label image (X_labels.tif from segment) or a folder of them (required)\n"
                + "  --output DIR       where the CSV tables and thickness maps go (required; created if missing)\n"
                + "  --image PATH       the Heidelberg .vol file the labels came from, or a folder holding X.vol for each\n"
                + "                     X_labels.tif: its B-scan positions, eye and vendor ILM/BM are used (default: the\n"
                + "                     label image's own calibration, B-scans evenly spaced)\n"
                + "  --eye E            OD or OS when no .vol file says it (decides nasal/temporal in the ETDRS grid)\n"
                + "  --fovea X,Y        ETDRS centre in mm on the SLO image (default: the thinnest retina near the scan centre)\n";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Arguments a = new Arguments(args, 1, Set.of("labels", "output", "image", "eye", "fovea"), Set.of());
        Path labels = a.path("labels");
        Path output = a.path("output");
        Path image = a.has("image") ? a.path("image") : null;
        LayerMeasurementFiles.Options o = new LayerMeasurementFiles.Options();
        o.eye = a.parsed("eye", "unknown", MeasureCommand::eye);
        o.foveaMm = a.has("fovea") ? a.parsed("fovea", null, MeasureCommand::point) : null;
        List<Path> files = labelFiles(labels);
        if (files.isEmpty()) {
            err.println("Error: " + labels + " holds no *" + FileSegmentation.LABELS_SUFFIX + " files");
            return 1;
        }
        int failed = 0;
        for (Path f : files) {
            out.println(f);
            try {
                LayerMeasurementFiles.Result r = LayerMeasurementFiles.run(f, volFor(f, image), o, output, new CancelToken());
                print(r, out);
            } catch (Exception e) {
                failed++;
                err.println("FAILED " + f + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        out.printf(Locale.ROOT, "measured=%d failed=%d%n", files.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }

    private static void print(LayerMeasurementFiles.Result r, PrintStream out) {
        OctMeasurement m = r.measurement;
        double sum = 0;
        int n = 0;
        for (int b = 0; b < m.bScanCount(); b++) {
            OctMeasurement.BScanSummary s = m.summary(b);
            if (s.validAScans == 0) continue;
            sum += s.meanUm[0] * s.validAScans;
            n += s.validAScans;
        }
        out.printf(Locale.ROOT, "  %d B-scans, retina (ILM-BM) mean %.1f um over %d A-scans%n", m.bScanCount(), n == 0 ? Double.NaN : sum / n, n);
        if (r.grid != null) {
            double[] c = r.grid.centreMm();
            out.printf(Locale.ROOT, "  ETDRS centre (%.3f, %.3f) mm (%s); fluid volume %.6f mm3%n", c[0], c[1],
                    r.grid.centreFound() ? "thinnest retina" : "given", m.fluidVolumeMm3());
        }
        if (r.vendor != null) {
            out.printf(Locale.ROOT, "  vs vendor ILM-BM: ours %.1f um, vendor %.1f um, mean |difference| %.1f um (%.1f px), mean difference %+.1f um, %d A-scans%n",
                    r.vendor.oursMeanUm(), r.vendor.vendorMeanUm(), r.vendor.meanAbsDifferenceUm(), r.vendor.meanAbsDifferencePixels(),
                    r.vendor.meanDifferenceUm(), r.vendor.aScans());
        }
        for (String note : r.notes) out.println("  " + note);
        out.println("  wrote " + r.written);
    }

    private static List<Path> labelFiles(Path labels) throws java.io.IOException {
        if (!Files.isDirectory(labels)) return List.of(labels);
        try (Stream<Path> s = Files.list(labels)) {
            return s.filter(p -> p.getFileName().toString().endsWith(FileSegmentation.LABELS_SUFFIX)).sorted().collect(Collectors.toList());
        }
    }

    /** The .vol file of a label file: --image itself, or X.vol in the --image folder; null without --image. */
    private static Path volFor(Path labels, Path image) {
        if (image == null) return null;
        if (!Files.isDirectory(image)) return image;
        Path vol = image.resolve(LayerMeasurementFiles.baseName(labels) + ".vol");
        if (!Files.isRegularFile(vol)) throw new UsageException("No " + vol.getFileName() + " in " + image + " for " + labels.getFileName());
        return vol;
    }

    static Eye eye(String word) {
        Eye e = Eye.parse(word);
        if (e == Eye.UNKNOWN && !word.equalsIgnoreCase("unknown")) throw new IllegalArgumentException("choose OD or OS, not '" + word + "'");
        return e;
    }

    static double[] point(String s) {
        String[] p = s.split(",");
        if (p.length != 2) throw new IllegalArgumentException("give X,Y in mm, not '" + s + "'");
        return new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
    }

}
