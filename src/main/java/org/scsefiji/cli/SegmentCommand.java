package org.scsefiji.cli;

import ai.djl.Device;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.imagej.FileSegmentation;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ModelLocation;
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
        return ""
                + "  --model M          model file, or the name of a model in ./models (required)\n"
                + "  --input PATH       an image file or a folder of images (required)\n"
                + "  --output DIR       where <name>_labels.tif files go (required; created if missing)\n"
                + "  --tile N           tile size in pixels (default: chosen from memory)\n"
                + "  --batch N          tiles per forward pass (default: as memory allows)\n"
                + "  --device D         auto, cpu or gpu (default auto)\n"
                + "  --overlay O        outline, fill or none: per-class overlay on the label image (default outline)\n"
                + "  --probabilities    also write <name>_probabilities.tif (one slice per class)\n"
                + "  --attention        also write <name>_attention.tif (sSE maps of the first encoder and last decoder block)\n"
                + "  --skip-existing    leave inputs whose label image already exists\n";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Arguments a = new Arguments(args, 1, Set.of("model", "input", "output", "tile", "batch", "device", "overlay"),
                Set.of("probabilities", "attention", "skip_existing"));
        Path input = a.path("input");
        Path output = a.path("output");
        FileSegmentation.Options o = new FileSegmentation.Options();
        o.tileSize = a.integer("tile", 0, 0, 1 << 20);
        o.batchSize = a.integer("batch", 0, 0, 4096);
        o.probabilities = a.flag("probabilities");
        o.attentionMaps = a.flag("attention");
        o.skipExisting = a.flag("skip_existing");
        o.overlayAlpha = a.parsed("overlay", "outline", SegmentCommand::overlayAlpha);
        DeviceChoice choice = a.parsed("device", "auto", DeviceChoice::parse);
        Path modelFile = ModelLocation.resolve(a.required("model"), List.of(Path.of("models")));
        List<Path> inputs = FileSegmentation.inputs(input);
        if (inputs.isEmpty()) {
            err.println("Error: " + input + " holds no image files");
            return 1;
        }
        Files.createDirectories(output);
        Device device = TorchEngine.device(choice);
        out.println("Engine: " + TorchEngine.describe(device));
        try (ScseModel model = ModelFile.load(modelFile, device)) {
            out.println("Model: " + modelFile + " (" + model.spec() + ")");
            FileSegmentation.Summary s = FileSegmentation.run(model, inputs, output, o, new Printer(out, err),
                    (f, msg) -> { }, new CancelToken());
            out.printf(Locale.ROOT, "written=%d skipped=%d failed=%d%n", s.written, s.skipped, s.failed);
            return s.failed > 0 ? 1 : 0;
        }
    }

    static int overlayAlpha(String word) {
        switch (word.toLowerCase(Locale.ROOT)) {
            case "none": return -1;
            case "outline": return 0;
            case "fill": return 96;
            default: throw new IllegalArgumentException("choose outline, fill or none, not '" + word + "'");
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
        public void skipped(Path input, String why) {
            out.println("  skipped " + input + ": " + why);
        }

        @Override
        public void failed(Path input, String problem) {
            err.println("FAILED " + input + ": " + problem);
        }
    }
}
