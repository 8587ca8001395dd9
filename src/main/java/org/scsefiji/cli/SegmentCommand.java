package org.scsefiji.cli;

import org.scsefiji.batch.FolderBatch;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scsefiji.imagej.FileSegmentation;
import org.scsefiji.infer.Plausibility;
import org.scsefiji.model.PixelSize;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;
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
        return Flags.usage(Operations.SEGMENT_FOLDER)
                + "Per image X: X_labels.tif (written last), X_overlay.tif unless --overlay none, and the maps asked for.\n";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Settings s = Settings.of(Operations.SEGMENT_FOLDER, Flags.parse(Operations.SEGMENT_FOLDER, args, 1));
        FolderBatch batch = FolderBatch.of(s);
        if (batch.inputs().isEmpty()) {
            err.println("Error: " + s.path("input_directory") + " holds no image files (" + s.text("file_filter") + ")");
            return 1;
        }
        try (ScseModel model = ModelArgument.load(s.text("model"), s.choice("device"), out)) {
            FolderBatch.Summary summary = FileSegmentation.run(batch, model, FileSegmentation.options(s), new Printer(out, err), (f, msg) -> { },
                    new CancelToken());
            out.printf(Locale.ROOT, "written=%d skipped=%d failed=%d%n", summary.processed, summary.skipped, summary.failures.size());
            return summary.failures.isEmpty() ? 0 : 1;
        }
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
        public void judged(Path input, Plausibility p, PixelSize size, long[] networkSize) {
            // the network's size also tells of resampling for object_diameter, which needs no pixel size
            out.println("  " + (size == null ? "pixel size unknown" : "pixel size " + size) + ", network saw " + networkSize[0] + " x "
                    + networkSize[1] + "; " + p.describe());
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
