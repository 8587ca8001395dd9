package org.scsefiji.imagej;

import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelledException;

/**
 * Segment Folder: every matching image of a folder into TIFFs in an output folder. Images whose label
 * file already exists are skipped (so a stopped batch continues where it ended), and a file that fails
 * is logged and the batch goes on. The label file is written last, so its presence means "done".
 */
public final class SegmentFolderAction {
    public static final String TITLE = "Segment Folder";
    public static final String LABELS_SUFFIX = "_labels.tif";
    static final String OVERLAY_SUFFIX = "_overlay.tif";
    static final String PROBABILITIES_SUFFIX = "_probabilities.tif";
    static final String ATTENTION_SUFFIX = "_attention.tif";

    public static final List<Option> OPTIONS = List.of(SegmentImageAction.MODEL, SegmentImageAction.DEVICE,
            SegmentImageAction.TILE_SIZE,
            Option.folder("input_directory", "folder of images to segment"),
            Option.folder("output_directory", "folder for the results"),
            Option.text("file_filter", "*.tif,*.tiff,*.png", "file name patterns, separated by commas"),
            Option.choice("overlay", "none", ImageSegmentation.OVERLAY_STYLES, "also save each image with its class overlay"),
            SegmentImageAction.PROBABILITIES, SegmentImageAction.ATTENTION_MAPS,
            Option.bool("overwrite", false, "segment again images whose results exist"));

    /** What a batch did. */
    public static final class Summary {
        public final int segmented;
        public final int skipped;
        public final List<String> failures;
        public final boolean cancelled;

        Summary(int segmented, int skipped, List<String> failures, boolean cancelled) {
            this.segmented = segmented;
            this.skipped = skipped;
            this.failures = List.copyOf(failures);
            this.cancelled = cancelled;
        }

        @Override
        public String toString() {
            return segmented + " segmented, " + skipped + " skipped (already done), " + failures.size() + " failed"
                    + (cancelled ? ", cancelled" : "");
        }
    }

    private SegmentFolderAction() {
    }

    public static Summary run(OptionValues o) throws IOException {
        Path input = o.existingFolder("input_directory").toAbsolutePath().normalize();
        Path output = o.path("output_directory");
        if (output == null) throw new IllegalArgumentException("output_directory is empty: choose a folder for the results");
        output = output.toAbsolutePath().normalize();
        if (Files.isDirectory(output) && Files.isSameFile(input, output)) {
            throw new IllegalArgumentException("output_directory must differ from input_directory (" + input + "), or results would be"
                    + " segmented as images in the next run");
        }
        String overlay = o.choice("overlay");
        boolean probabilities = o.bool("probabilities"), attention = o.bool("attention_maps"), overwrite = o.bool("overwrite");
        int tileSize = o.integer("tile_size");
        DeviceChoice device = DeviceChoice.parse(o.choice("device"));
        List<Path> files = list(input, o.text("file_filter"));
        Files.createDirectories(output);
        ImageJProgress progress = new ImageJProgress(TITLE);
        progress.log(files.size() + " files in " + input + " match '" + o.text("file_filter") + "'; results go to " + output);
        int segmented = 0, skipped = 0;
        List<String> failures = new ArrayList<>();
        try (EscapeCancel cancel = EscapeCancel.start();
                ScseModel model = InstalledModels.load(InstalledModels.resolve(o.text("model")), device, TITLE)) {
            Segmenter segmenter = new Segmenter(model).tileSize(tileSize);
            for (int i = 0; i < files.size(); i++) {
                cancel.token().check();
                Path file = files.get(i);
                String base = baseName(file);
                Path labelsFile = output.resolve(base + LABELS_SUFFIX);
                if (!overwrite && Files.exists(labelsFile)) {
                    skipped++;
                    continue;
                }
                int n = i;
                String prefix = file.getFileName() + " (" + (i + 1) + "/" + files.size() + ")";
                try {
                    ImagePlus imp = ImageFiles.read(file);
                    ImageSegmentation s = ImageSegmentation.run(segmenter, model.spec().classes(), imp, probabilities, attention,
                            (f, m) -> progress.progress((n + f) / files.size(), prefix + ": " + m), cancel.token());
                    Set<Path> inputs = Set.of(file);
                    if (!overlay.equals("none")) {
                        s.showOverlay(imp, overlay);
                        ImageFiles.writeTiff(imp, output.resolve(base + OVERLAY_SUFFIX), inputs);
                    }
                    if (s.probabilities() != null) ImageFiles.writeTiff(s.probabilities(), output.resolve(base + PROBABILITIES_SUFFIX), inputs);
                    if (s.attention() != null) ImageFiles.writeTiff(s.attention(), output.resolve(base + ATTENTION_SUFFIX), inputs);
                    ImageFiles.writeTiff(s.labels(), labelsFile, inputs);
                    segmented++;
                } catch (CancelledException e) {
                    throw e;
                } catch (Exception e) {
                    String why = UserMessages.describe(e);
                    if (why.startsWith(file + ": ")) why = why.substring(file.toString().length() + 2);
                    failures.add(file.getFileName() + ": " + why);
                    progress.log("FAILED " + file + ": " + why);
                }
            }
        } catch (CancelledException e) {
            Summary summary = new Summary(segmented, skipped, failures, true);
            progress.log("cancelled: " + summary);
            return summary;
        }
        Summary summary = new Summary(segmented, skipped, failures, false);
        progress.log(summary.toString());
        progress.done(summary.toString());
        return summary;
    }

    /** The files matching any of the comma-separated patterns (ignoring case), sorted by name; hidden files left out. */
    static List<Path> list(Path folder, String filter) throws IOException {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String pattern : filter.split(",")) {
            if (!pattern.isBlank()) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.trim().toLowerCase(Locale.ROOT)));
        }
        if (matchers.isEmpty()) throw new IllegalArgumentException("file_filter is empty: give patterns such as *.tif");
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> matchers.stream().anyMatch(m -> m.matches(Paths.get(f.getFileName().toString().toLowerCase(Locale.ROOT)))))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
