package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.gui.Overlay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.CancelledException;
import org.scsefiji.task.ProgressListener;

/**
 * Segments image files into label TIFFs (class LUT, class names, per-class overlay), optionally with
 * probability and attention maps: the one engine behind the command line's {@code segment} and Fiji's
 * Segment Folder. A file that cannot be read or segmented is reported and the others go on; inputs are
 * never overwritten.
 */
public final class FileSegmentation {
    /** File name endings ImageJ opens as images; other files in a folder are left alone. */
    private static final Set<String> IMAGE_ENDINGS = Set.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".pgm", ".dcm");

    /** What to write besides the label image. */
    public static final class Options {
        public int tileSize;
        public int batchSize;
        public boolean probabilities;
        public boolean attentionMaps;
        /** -1: no overlay; 0: class outlines; 1-255: translucent fill with this alpha. */
        public int overlayAlpha = 0;
        /** Leave inputs whose label image already exists (for resuming a batch). */
        public boolean skipExisting;
    }

    /** Hears about each file. */
    public interface Listener {
        void started(Path input, int index, int count);

        void written(Path input, List<Path> outputs);

        void skipped(Path input, String why);

        void failed(Path input, String problem);
    }

    /** How a batch went. */
    public static final class Summary {
        public final int written;
        public final int skipped;
        public final int failed;

        Summary(int written, int skipped, int failed) {
            this.written = written;
            this.skipped = skipped;
            this.failed = failed;
        }
    }

    private FileSegmentation() {
    }

    /** The images to segment: the file itself, or the image files directly in a folder, sorted by name. */
    public static List<Path> inputs(Path fileOrFolder) throws IOException {
        if (Files.isRegularFile(fileOrFolder)) return List.of(fileOrFolder);
        if (!Files.isDirectory(fileOrFolder)) throw new IOException(fileOrFolder + ": no such file or folder");
        try (Stream<Path> files = Files.list(fileOrFolder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> IMAGE_ENDINGS.contains(ending(p)))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Where the label image of {@code input} goes: {@code <name>_labels.tif} in the output folder. */
    public static Path labelFile(Path outputDir, Path input) {
        return outputDir.resolve(baseName(input) + "_labels.tif");
    }

    public static Summary run(ScseModel model, List<Path> inputs, Path outputDir, Options options, Listener listener,
            ProgressListener progress, CancelToken cancel) {
        Set<Path> protectedInputs = new HashSet<>(inputs);
        Segmenter segmenter = new Segmenter(model).tileSize(options.tileSize).batchSize(options.batchSize);
        int written = 0;
        int skipped = 0;
        int failed = 0;
        for (int i = 0; i < inputs.size(); i++) {
            cancel.check();
            Path input = inputs.get(i);
            Path labels = labelFile(outputDir, input);
            if (options.skipExisting && Files.exists(labels)) {
                listener.skipped(input, labels.getFileName() + " exists");
                skipped++;
                continue;
            }
            listener.started(input, i, inputs.size());
            int index = i;
            ProgressListener fileProgress = (f, msg) -> progress.progress((index + f) / inputs.size(), input.getFileName() + ": " + msg);
            try {
                listener.written(input, segmentFile(segmenter, model, input, outputDir, options, protectedInputs, fileProgress, cancel));
                written++;
            } catch (CancelledException e) {
                throw e;
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                listener.failed(input, problem(e));
                failed++;
            }
        }
        return new Summary(written, skipped, failed);
    }

    private static List<Path> segmentFile(Segmenter segmenter, ScseModel model, Path input, Path outputDir, Options options,
            Set<Path> protectedInputs, ProgressListener progress, CancelToken cancel) throws IOException {
        ImagePlus source = ImageFiles.read(input);
        WrappedImage wrapped = ImagePlusViews.wrap(source);
        SegmentationOutputs out = segment(segmenter, wrapped, options, progress, cancel);
        String base = baseName(input);
        ImagePlus labels = ResultImages.labelImage(out.labels(), model.spec().classes(), base + "_labels.tif", source);
        labels.setProperty("scse_source", input.getFileName().toString());
        if (options.overlayAlpha >= 0) {
            Overlay overlay = ClassOverlay.fromLabels(labels, model.spec().classes(), options.overlayAlpha);
            labels.setOverlay(overlay);
        }
        List<Path> written = new ArrayList<>();
        Path labelPath = labelFile(outputDir, input);
        ImageFiles.writeTiff(labels, labelPath, protectedInputs);
        written.add(labelPath);
        int extra = out.labels().numDimensions();
        if (out.probabilities() != null) {
            Path p = outputDir.resolve(base + "_probabilities.tif");
            ImageFiles.writeTiff(ResultImages.probabilityImage(out.probabilities(), extra, model.spec().classes(), p.getFileName().toString(), source),
                    p, protectedInputs);
            written.add(p);
        }
        if (out.attention() != null) {
            Path p = outputDir.resolve(base + "_attention.tif");
            ImageFiles.writeTiff(ResultImages.floatImage(out.attention(), extra, List.of("first encoder sSE", "last decoder sSE"),
                    p.getFileName().toString(), source), p, protectedInputs);
            written.add(p);
        }
        return written;
    }

    /** Segments a wrapped ImagePlus; the cast names the pixel type the wrapper erased. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends RealType<T>> SegmentationOutputs segment(Segmenter segmenter, WrappedImage image, Options options,
            ProgressListener progress, CancelToken cancel) {
        RandomAccessibleInterval<T> pixels = (RandomAccessibleInterval) image.pixels();
        return segmenter.segment(pixels, image.axes(), options.probabilities, options.attentionMaps, progress, cancel);
    }

    private static String problem(Throwable e) {
        if (e instanceof OutOfMemoryError) return "not enough memory; try a smaller tile size";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String ending(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot) : "";
    }
}
