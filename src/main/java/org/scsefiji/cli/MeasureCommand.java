package org.scsefiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scsefiji.imagej.FileSegmentation;
import org.scsefiji.imagej.LayerMeasurementFiles;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;
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
        return Flags.usage(Operations.MEASURE);
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Settings a = Settings.of(Operations.MEASURE, Flags.parse(Operations.MEASURE, args, 1));
        Path labels = a.path("labels_directory");
        Path output = a.path("output_directory");
        Path image = a.path("image");
        if (labels == null) throw new UsageException("--labels is required: " + Operations.MEASURE.option("labels_directory").help());
        if (output == null) throw new UsageException("--output is required: " + Operations.MEASURE.option("output_directory").help());
        LayerMeasurementFiles.Options o;
        try {
            o = LayerMeasurementFiles.options(a);
        } catch (IllegalArgumentException e) {
            throw new UsageException("Option --" + e.getMessage());
        }
        List<Path> files = LayerMeasurementFiles.labelFiles(labels);
        if (files.isEmpty()) {
            err.println("Error: " + labels + " holds no *" + FileSegmentation.LABELS_SUFFIX + " files");
            return 1;
        }
        int failed = 0;
        for (Path f : files) {
            out.println(f);
            try {
                LayerMeasurementFiles.Result r = LayerMeasurementFiles.run(f, volFor(f, image), o, output, new CancelToken());
                LayerMeasurementFiles.describe(r).forEach(out::println);
            } catch (Exception e) {
                failed++;
                err.println("FAILED " + f + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        out.printf(Locale.ROOT, "measured=%d failed=%d%n", files.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }

    /** The .vol file of a label file, see {@link LayerMeasurementFiles#volFor}: a missing one is a usage error. */
    private static Path volFor(Path labels, Path image) {
        try {
            return LayerMeasurementFiles.volFor(labels, image);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
