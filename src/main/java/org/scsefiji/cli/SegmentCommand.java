package org.scsefiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.scsefiji.imagej.FileSegmentation;
import org.scsefiji.imagej.ImageSegmentation;
import org.scsefiji.instances.Instances;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;

/** {@code segment}: label TIFFs for an image file or every image of a folder. */
final class SegmentCommand implements Subcommand {
    @Override
    public String name() {
        return "segment";
    }

    @Override
    public String description() {
        return "segment an image file or every image of a folder into label TIFFs";
    }

    @Override
    public String usage() {
        return ModelArgument.USAGE
                + "  --input PATH       an image file or a folder of images (required)\n"
                + "  --output DIR       where <name>_labels.tif files go (required; created if missing; not the input folder)\n"
                + "  --tile N           tile size in pixels (default: chosen from memory)\n"
                + "  --batch N          tiles per forward pass (default: as memory allows)\n"
                + "  --overlay O        outline, fill or none: per-class overlay on the label image, and\n"
                + "                     <name>_overlay.tif, the image with that overlay (default outline)\n"
                + "  --probabilities    also write <name>_probabilities.tif (one slice per class)\n"
                + "  --attention        also write <name>_attention.tif (sSE maps of the first encoder and last decoder block)\n"
                + "  --skip-existing    leave inputs whose label image already exists\n"
                + "  --instances        split into objects with the model's instance post-processing (models trained\n"
                + "                     with object outlines, e.g. nuclei): <name>_instances.tif (16-bit, one id per\n"
                + "                     object), <name>_objects.csv (one row per object: " + Instances.OBJECTS_HEADER + ";\n"
                + "                     area, x, y, perimeter in the image's calibrated units) and summary.csv\n"
                + "                     (image,count,mean_area,seconds; one line per image segmented)\n";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Arguments a = new Arguments(args, 1, Set.of("model", "input", "output", "tile", "batch", "device", "overlay"),
                Set.of("probabilities", "attention", "skip_existing", "instances"));
        Path input = a.path("input");
        Path output = a.path("output");
        FileSegmentation.Options o = new FileSegmentation.Options();
        o.tileSize = a.integer("tile", 0, 0, 1 << 20);
        o.batchSize = a.integer("batch", 0, 0, 4096);
        o.probabilities = a.flag("probabilities");
        o.attentionMaps = a.flag("attention");
        o.skipExisting = a.flag("skip_existing");
        o.instances = a.flag("instances");
        o.overlay = a.parsed("overlay", "outline", SegmentCommand::overlayStyle);
        FileSegmentation batch = FileSegmentation.of(input, FileSegmentation.IMAGE_PATTERNS, output);
        if (batch.inputs().isEmpty()) {
            err.println("Error: " + input + " holds no image files (" + FileSegmentation.IMAGE_PATTERNS + ")");
            return 1;
        }
        try (ScseModel model = ModelArgument.load(a, out)) {
            FileSegmentation.Summary s = batch.run(model, o, new Printer(out, err), (f, msg) -> { }, new CancelToken());
            out.printf(Locale.ROOT, "written=%d skipped=%d failed=%d%n", s.segmented, s.skipped, s.failures.size());
            return s.failures.isEmpty() ? 0 : 1;
        }
    }

    static String overlayStyle(String word) {
        String style = word.toLowerCase(Locale.ROOT);
        if (!ImageSegmentation.OVERLAY_STYLES.contains(style)) {
            throw new IllegalArgumentException("choose " + String.join(", ", ImageSegmentation.OVERLAY_STYLES) + ", not '" + word + "'");
        }
        return style;
    }

    /** One line per file; failures on stderr. */
    private static final class Printer implements FileSegmentation.Listener {
        private final PrintStream out;
        private final PrintStream err;
        private long start;

        Printer(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void started(Path input, int index, int count) {
            start = System.nanoTime();
            out.printf(Locale.ROOT, "[%d/%d] %s%n", index + 1, count, input);
        }

        @Override
        public void written(Path input, List<Path> outputs) {
            out.printf(Locale.ROOT, "  wrote %s (%.1f s)%n", outputs, (System.nanoTime() - start) / 1e9);
        }

        @Override
        public void skipped(Path input, String why) {
            out.println("  skipped " + input + ": " + why);
        }

        @Override
        public void failed(Path input, String problem) {
            err.println("FAILED " + input + ": " + problem);
        }
    }
}
