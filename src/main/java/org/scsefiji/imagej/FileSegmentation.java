package org.scsefiji.imagej;

import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.CancelledException;
import org.scsefiji.task.ProgressListener;

/**
 * Segments image files into TIFFs in an output folder: the one engine behind the command line's
 * {@code segment} and Fiji's Segment Folder. Per image X it writes, in this order, {@code
 * X_overlay.tif} (the image with its class overlay, unless the overlay style is "none"), {@code
 * X_probabilities.tif} and {@code X_attention.tif} when asked for, and last {@code X_labels.tif} (class
 * LUT, class names, and the class overlay unless "none"): a label file means the image is done. A
 * file that cannot be read or segmented is reported and the others go on; no input is ever
 * overwritten.
 */
public final class FileSegmentation {
    public static final String LABELS_SUFFIX = "_labels.tif";
    static final String OVERLAY_SUFFIX = "_overlay.tif";
    static final String PROBABILITIES_SUFFIX = "_probabilities.tif";
    static final String ATTENTION_SUFFIX = "_attention.tif";
    /** File name patterns of every image format ImageJ opens by itself, and Heidelberg OCT exports (see ImageFiles.read). */
    public static final String IMAGE_PATTERNS = "*.tif,*.tiff,*.png,*.jpg,*.jpeg,*.gif,*.bmp,*.pgm,*.dcm,*.vol";

    /** What to write besides the label image. */
    public static final class Options {
        public int tileSize;
        public int batchSize;
        public boolean probabilities;
        public boolean attentionMaps;
        /** One of {@link ImageSegmentation#OVERLAY_STYLES}. */
        public String overlay = "none";
        /** Leave inputs whose label image already exists (a stopped batch continues where it ended). */
        public boolean skipExisting;
    }

    /** Hears about each file; every method does nothing unless overridden. */
    public interface Listener {
        default void started(Path input, int index, int count) {
        }

        default void written(Path input, List<Path> outputs) {
        }

        default void skipped(Path input, String why) {
        }

        /** @param problem what went wrong, without the file name */
        default void failed(Path input, String problem) {
        }
    }

    /** What a batch did. */
    public static final class Summary {
        public final int segmented;
        public final int skipped;
        /** "file name: problem", one per failed file. */
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

    private final List<Path> inputs;
    private final Path output;

    private FileSegmentation(List<Path> inputs, Path output) {
        this.inputs = inputs;
        this.output = output;
    }

    /**
     * The batch for an image file, or for the files of a folder matching any of the comma-separated
     * {@code patterns} (ignoring case; hidden files left out; sorted by name). Results of a folder must
     * go to another folder, or the next run would segment them as images.
     *
     * @throws IllegalArgumentException for no patterns, or an output folder that is the input folder
     * @throws IOException when the input does not exist or cannot be listed
     */
    public static FileSegmentation of(Path fileOrFolder, String patterns, Path outputFolder) throws IOException {
        Path input = fileOrFolder.toAbsolutePath().normalize();
        Path output = outputFolder.toAbsolutePath().normalize();
        if (Files.isRegularFile(input)) return new FileSegmentation(List.of(input), output);
        if (!Files.isDirectory(input)) throw new IOException(fileOrFolder + ": no such file or folder");
        if (input.equals(output) || Files.isDirectory(output) && Files.isSameFile(input, output)) {
            throw new IllegalArgumentException("The output folder must differ from the input folder (" + input
                    + "), or the results would be segmented as images in the next run");
        }
        return new FileSegmentation(list(input, patterns), output);
    }

    private static List<Path> list(Path folder, String patterns) throws IOException {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String pattern : patterns.split(",")) {
            if (!pattern.isBlank()) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.trim().toLowerCase(Locale.ROOT)));
        }
        if (matchers.isEmpty()) throw new IllegalArgumentException("No file name patterns: give patterns such as *.tif");
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> matchers.stream().anyMatch(m -> m.matches(Paths.get(f.getFileName().toString().toLowerCase(Locale.ROOT)))))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The images to segment, absolute. */
    public List<Path> inputs() {
        return inputs;
    }

    /** The output folder, absolute. */
    public Path output() {
        return output;
    }

    /** Where the label image of {@code input} goes: {@code <name>_labels.tif} in the output folder. */
    public Path labelFile(Path input) {
        return output.resolve(baseName(input) + LABELS_SUFFIX);
    }

    /**
     * Segments every input (creating the output folder). A cancel ends the batch after the files done
     * so far; the summary says so.
     */
    public Summary run(ScseModel model, Options options, Listener listener, ProgressListener progress, CancelToken cancel)
            throws IOException {
        if (!ImageSegmentation.OVERLAY_STYLES.contains(options.overlay)) {
            throw new IllegalArgumentException("Unknown overlay '" + options.overlay + "': choose one of "
                    + String.join(", ", ImageSegmentation.OVERLAY_STYLES));
        }
        Files.createDirectories(output);
        Set<Path> protectedInputs = new HashSet<>(inputs);
        Segmenter segmenter = new Segmenter(model).tileSize(options.tileSize).batchSize(options.batchSize);
        int segmented = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        try {
            for (int i = 0; i < inputs.size(); i++) {
                cancel.check();
                Path input = inputs.get(i);
                Path labels = labelFile(input);
                if (options.skipExisting && Files.exists(labels)) {
                    listener.skipped(input, labels.getFileName() + " exists");
                    skipped++;
                    continue;
                }
                listener.started(input, i, inputs.size());
                int index = i;
                String prefix = input.getFileName() + " (" + (i + 1) + "/" + inputs.size() + ")";
                ProgressListener fileProgress = (f, m) -> progress.progress((index + f) / inputs.size(), prefix + ": " + m);
                try {
                    listener.written(input, segmentFile(segmenter, model, input, options, protectedInputs, fileProgress, cancel));
                    segmented++;
                } catch (CancelledException e) {
                    throw e;
                } catch (Exception | OutOfMemoryError e) {
                    String problem = problem(input, e);
                    failures.add(input.getFileName() + ": " + problem);
                    listener.failed(input, problem);
                }
            }
        } catch (CancelledException e) {
            return new Summary(segmented, skipped, failures, true);
        }
        return new Summary(segmented, skipped, failures, false);
    }

    private List<Path> segmentFile(Segmenter segmenter, ScseModel model, Path input, Options options, Set<Path> protectedInputs,
            ProgressListener progress, CancelToken cancel) throws IOException {
        ImagePlus image = ImageFiles.read(input);
        ImageSegmentation s = ImageSegmentation.run(segmenter, model.spec().classes(), image, options.probabilities,
                options.attentionMaps, progress, cancel);
        String base = baseName(input);
        List<Path> written = new ArrayList<>();
        if (!options.overlay.equals("none")) {
            s.showOverlay(image, options.overlay);
            s.showOverlay(s.labels(), options.overlay);
            written.add(write(image, base + OVERLAY_SUFFIX, protectedInputs));
        }
        if (s.probabilities() != null) written.add(write(s.probabilities(), base + PROBABILITIES_SUFFIX, protectedInputs));
        if (s.attention() != null) written.add(write(s.attention(), base + ATTENTION_SUFFIX, protectedInputs));
        s.labels().setProperty("scse_source", input.getFileName().toString());
        written.add(0, write(s.labels(), base + LABELS_SUFFIX, protectedInputs)); // last on disk: its presence means done
        return written;
    }

    private Path write(ImagePlus imp, String name, Set<Path> protectedInputs) throws ImageFileException {
        Path file = output.resolve(name);
        ImageFiles.writeTiff(imp, file, protectedInputs);
        return file;
    }

    /** The failure in words, without the file name that messages about the file start with. */
    private static String problem(Path input, Throwable e) {
        if (e instanceof OutOfMemoryError) return "not enough memory; try a smaller tile size";
        String why = UserMessages.describe(e);
        String prefix = input + ": ";
        return why.startsWith(prefix) ? why.substring(prefix.length()) : why;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
