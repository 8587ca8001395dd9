package org.scsefiji.imagej;

import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.scsefiji.batch.FileJob;
import org.scsefiji.batch.FolderBatch;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.io.FileNames;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/**
 * Segments one image file into TIFFs in an output folder: the job that {@link FolderBatch} runs for the
 * command line's {@code segment} and Fiji's Segment Folder. Per image X it writes, in this order, {@code
 * X_overlay.tif} (the image with its class overlay, unless the overlay style is "none"), {@code
 * X_probabilities.tif} and {@code X_attention.tif} when asked for, and last {@code X_labels.tif} (class
 * LUT, class names, and the class overlay unless "none"): a label file means the image is done. No input is
 * ever overwritten.
 */
public final class FileSegmentation implements FileJob {
    public static final String LABELS_SUFFIX = "_labels.tif";
    static final String OVERLAY_SUFFIX = "_overlay.tif";
    static final String PROBABILITIES_SUFFIX = "_probabilities.tif";
    static final String ATTENTION_SUFFIX = "_attention.tif";
    /** File name patterns of every image format ImageJ opens by itself, and Heidelberg OCT exports (see ImageFiles.read). */
    public static final String IMAGE_PATTERNS = Operations.IMAGE_PATTERNS;

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

    /** What to write, as the settings of Segment Folder (or the command line's segment) say. */
    public static Options options(Settings s) {
        Options o = new Options();
        o.tileSize = s.integer("tile_size");
        o.batchSize = s.integer("tile_batch");
        o.probabilities = s.bool("probabilities");
        o.attentionMaps = s.bool("attention_maps");
        o.overlay = s.choice("overlay");
        o.skipExisting = !s.bool("overwrite");
        return o;
    }

    private final ScseModel model;
    private final Segmenter segmenter;
    private final Options options;

    /** The job for a model and these options; run it with {@code batch.FolderBatch}. */
    public FileSegmentation(ScseModel model, Options options) {
        if (!ImageSegmentation.OVERLAY_STYLES.contains(options.overlay)) {
            throw new IllegalArgumentException("Unknown overlay '" + options.overlay + "': choose one of "
                    + String.join(", ", ImageSegmentation.OVERLAY_STYLES));
        }
        this.model = model;
        this.options = options;
        this.segmenter = new Segmenter(model).tileSize(options.tileSize).batchSize(options.batchSize);
    }

    /** Segments every input of {@code batch}, skipping those already done unless the options say to redo them. */
    public static FolderBatch.Summary run(FolderBatch batch, ScseModel model, Options options, FolderBatch.Listener listener,
            ProgressListener progress, CancelToken cancel) throws IOException {
        return batch.run(new FileSegmentation(model, options), options.skipExisting, listener, progress, cancel);
    }

    /** Where the label image of {@code input} goes: {@code <name>_labels.tif} in the output folder. */
    @Override
    public Path doneFile(Path input, Path outputFolder) {
        return outputFolder.resolve(FileNames.baseName(input) + LABELS_SUFFIX);
    }

    @Override
    public String doneWord() {
        return "segmented";
    }

    @Override
    public List<Path> process(Path input, Path output, Set<Path> protectedInputs, ProgressListener progress, CancelToken cancel)
            throws IOException {
        ImagePlus image = ImageFiles.read(input);
        ImageSegmentation s = ImageSegmentation.run(segmenter, model.spec().classes(), image, options.probabilities,
                options.attentionMaps, progress, cancel);
        String base = FileNames.baseName(input);
        List<Path> written = new ArrayList<>();
        if (!options.overlay.equals("none")) {
            s.showOverlay(image, options.overlay);
            s.showOverlay(s.labels(), options.overlay);
            written.add(write(image, output, base + OVERLAY_SUFFIX, protectedInputs));
        }
        if (s.probabilities() != null) written.add(write(s.probabilities(), output, base + PROBABILITIES_SUFFIX, protectedInputs));
        if (s.attention() != null) written.add(write(s.attention(), output, base + ATTENTION_SUFFIX, protectedInputs));
        s.labels().setProperty("scse_source", input.getFileName().toString());
        written.add(0, write(s.labels(), output, base + LABELS_SUFFIX, protectedInputs)); // last on disk: its presence means done
        return written;
    }

    private static Path write(ImagePlus imp, Path output, String name, Set<Path> protectedInputs) throws ImageFileException {
        Path file = output.resolve(name);
        ImageFiles.writeTiff(imp, file, protectedInputs);
        return file;
    }
}
