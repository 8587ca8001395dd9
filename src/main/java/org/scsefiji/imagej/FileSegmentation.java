package org.scsefiji.imagej;

import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.scsefiji.batch.FileJob;
import org.scsefiji.batch.FolderBatch;
import org.scsefiji.infer.Plausibility;
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.io.AtomicFiles;
import org.scsefiji.io.FileNames;
import org.scsefiji.io.PixelCalibration;
import org.scsefiji.model.PixelSize;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.instances.Instances;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.model.RetinaAnatomy;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Settings;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/**
 * Segments one image file into TIFFs in an output folder: the job that {@link FolderBatch} runs for the
 * command line's {@code segment} and Fiji's Segment Folder. Per image X it writes, in this order, {@code
 * X_overlay.tif} (the image with its class overlay, unless the overlay style is "none"), {@code
 * X_probabilities.tif} and {@code X_attention.tif} when asked for, {@code X_quality.csv} (pixel size,
 * the size the network saw, {@link Plausibility} figures), and last {@code X_labels.tif} (class
 * LUT, class names, and the class overlay unless "none"): a label file means the image is done. With
 * instances, {@code X_instances.tif} and {@code X_objects.csv} come before the label image, and {@code
 * summary.csv} (one line per image segmented in the run) is rewritten after each image. No input is
 * ever overwritten.
 */
public final class FileSegmentation implements FileJob {
    public static final String LABELS_SUFFIX = "_labels.tif";
    static final String OVERLAY_SUFFIX = "_overlay.tif";
    static final String PROBABILITIES_SUFFIX = "_probabilities.tif";
    static final String ATTENTION_SUFFIX = "_attention.tif";
    static final String QUALITY_SUFFIX = "_quality.csv";
    static final String INSTANCES_SUFFIX = "_instances.tif";
    static final String OBJECTS_SUFFIX = "_objects.csv";
    /** One line per image segmented in a run with instances: image,count,mean_area,seconds. */
    public static final String SUMMARY_FILE = "summary.csv";
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
        /** Micrometres per pixel across and in depth for every image; 0 = each image's calibration (if any). */
        public double pixelWidth;
        public double pixelDepth;
        /** Typical object diameter in the images, in pixels; 0 = as trained (see SegmentationPipeline#objectDiameter). */
        public double objectDiameter;
        /** Average the probabilities of each image and its mirror image. */
        public boolean flipAverage;
        /** Average the probabilities of each image and its upside-down flip (with flipAverage: all four flips). */
        public boolean flipVertical;
        /** Apply the post-processing the model declares. */
        public boolean postprocessing = true;
        /** A post-processing step to apply instead of the model's (e.g. for a model that declares none); null = the model's. */
        public PostProcessing postprocessingOverride;

        /** The pixel size the options give, or null to use each image's calibration. */
        PixelSize pixelSize() {
            return PixelSize.given(pixelWidth, pixelDepth);
        }

        /**
         * Split into objects with the model's instance post-processing: X_instances.tif (16-bit ids),
         * X_objects.csv (one row per object) and the folder's summary.csv.
         */
        public boolean instances;
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
        o.instances = s.bool("instances");
        return withPipelineOptions(s, o);
    }

    /**
     * The pipeline's options that the operation of {@code s} has (pixel_width, pixel_depth, object_diameter,
     * postprocessing, flip_average, flip_vertical) into {@code o}.
     */
    public static Options withPipelineOptions(Settings s, Options o) {
        Operation op = s.operation();
        if (op.has("pixel_width")) {
            o.pixelWidth = s.number("pixel_width");
            o.pixelDepth = s.number("pixel_depth");
            o.pixelSize();
        }
        if (op.has("object_diameter")) o.objectDiameter = s.number("object_diameter");
        if (op.has("flip_average")) o.flipAverage = s.bool("flip_average");
        if (op.has("flip_vertical")) o.flipVertical = s.bool("flip_vertical");
        if (op.has("postprocessing")) {
            String post = s.choice("postprocessing");
            o.postprocessing = !post.equals("none");
            if (post.equals(RetinaAnatomy.TYPE)) o.postprocessingOverride = RetinaAnatomy.relayNet();
        }
        return o;
    }

    /** Hears about each file, and how plausible each result looks; every method does nothing unless overridden. */
    public interface Listener extends FolderBatch.Listener {
        /** How plausible the image's result looks, and at which pixel size it was segmented (null = unknown). */
        default void judged(Path input, Plausibility plausibility, PixelSize pixelSize, long[] networkSize) {
        }
    }

    private final ScseModel model;
    private final SegmentationPipeline pipeline;
    private final Options options;
    private final Listener listener;
    /** The model's object splitting when instances are asked for, else null. */
    private final InstancePostProcessing instances;
    /** One line per image split into objects in this run, for summary.csv. */
    private final List<Instances.Summary> objectSummaries = new ArrayList<>();

    /** The job for a model and these options; run it with {@code batch.FolderBatch} (or {@link #run}). */
    public FileSegmentation(ScseModel model, Options options, Listener listener) {
        if (!ImageSegmentation.OVERLAY_STYLES.contains(options.overlay)) {
            throw new IllegalArgumentException("Unknown overlay '" + options.overlay + "': choose one of "
                    + String.join(", ", ImageSegmentation.OVERLAY_STYLES));
        }
        if (options.instances) {
            if (!(model.spec().postProcessing() instanceof InstancePostProcessing)) {
                throw new IllegalArgumentException("This model does not split objects (its post-processing is "
                        + model.spec().postProcessing().type() + "); instances need a model trained with object outlines, such as nuclei");
            }
            instances = (InstancePostProcessing) model.spec().postProcessing();
        } else {
            instances = null;
        }
        options.pixelSize(); // checks the sizes before any file is read
        this.model = model;
        this.options = options;
        this.listener = listener;
        this.pipeline = pipeline(model, options);
    }

    /** Segments every input of {@code batch}, skipping those already done unless the options say to redo them. */
    public static FolderBatch.Summary run(FolderBatch batch, ScseModel model, Options options, Listener listener,
            ProgressListener progress, CancelToken cancel) throws IOException {
        return batch.run(new FileSegmentation(model, options, listener), options.skipExisting, listener, progress, cancel);
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

    /** The model's segmentation as the options ask for it. */
    public static SegmentationPipeline pipeline(ScseModel model, Options options) {
        Segmenter segmenter = new Segmenter(model).tileSize(options.tileSize).batchSize(options.batchSize);
        SegmentationPipeline pipeline = new SegmentationPipeline(segmenter, model.spec()).flipAverage(options.flipAverage)
                .flipVertical(options.flipVertical).objectDiameter(options.objectDiameter);
        if (!options.postprocessing) {
            pipeline.postprocessing(null);
        } else if (options.postprocessingOverride != null) {
            pipeline.postprocessing(options.postprocessingOverride);
        }
        return pipeline;
    }

    @Override
    public List<Path> process(Path input, Path output, Set<Path> protectedInputs, ProgressListener progress, CancelToken cancel)
            throws IOException {
        long start = System.nanoTime();
        ImagePlus image = ImageFiles.read(input);
        ImageSegmentation s = ImageSegmentation.run(pipeline, model.spec().classes(), image, options.pixelSize(), options.probabilities,
                options.attentionMaps, instances, progress, cancel);
        listener.judged(input, s.plausibility(), s.pixelSize(), s.networkSize());
        String base = FileNames.baseName(input);
        List<Path> written = new ArrayList<>();
        if (!options.overlay.equals("none")) {
            s.showOverlay(image, options.overlay);
            s.showOverlay(s.labels(), options.overlay);
            written.add(write(image, output, base + OVERLAY_SUFFIX, protectedInputs));
        }
        if (s.probabilities() != null) written.add(write(s.probabilities(), output, base + PROBABILITIES_SUFFIX, protectedInputs));
        if (s.attention() != null) written.add(write(s.attention(), output, base + ATTENTION_SUFFIX, protectedInputs));
        written.add(writeQuality(input, s, output, base + QUALITY_SUFFIX, protectedInputs));
        PixelCalibration calibration = ImagePlusViews.calibration(image);
        if (s.instances() != null) {
            written.add(write(s.instanceImage(), output, base + INSTANCES_SUFFIX, protectedInputs));
            Path objects = output.resolve(base + OBJECTS_SUFFIX);
            s.instances().writeObjectsCsv(objects, calibration);
            written.add(objects);
        }
        s.labels().setProperty("scse_source", input.getFileName().toString());
        written.add(0, write(s.labels(), output, base + LABELS_SUFFIX, protectedInputs)); // last on disk: its presence means done
        if (s.instances() != null) {
            objectSummaries.add(new Instances.Summary(input.getFileName().toString(), s.instances().count(),
                    s.instances().meanArea() * calibration.area(), (System.nanoTime() - start) / 1e9));
            Instances.writeSummaryCsv(output.resolve(SUMMARY_FILE), objectSummaries);
            written.add(output.resolve(SUMMARY_FILE));
        }
        return written;
    }

    private static Path write(ImagePlus imp, Path output, String name, Set<Path> protectedInputs) throws ImageFileException {
        Path file = output.resolve(name);
        ImageFiles.writeTiff(imp, file, protectedInputs);
        return file;
    }

    /** One header line and one row: image, pixel size used, network slice size, plausibility figures. */
    private static Path writeQuality(Path input, ImageSegmentation s, Path output, String name, Set<Path> protectedInputs)
            throws IOException {
        Path file = output.resolve(name);
        if (protectedInputs.contains(file.toAbsolutePath().normalize())) throw new ImageFileException(file, "is an input; it is not overwritten");
        PixelSize size = s.pixelSize();
        long[] net = s.networkSize();
        String text = "image,pixel_width,pixel_depth,network_width,network_height," + Plausibility.csvHeader() + "\n"
                + csvCell(input.getFileName().toString()) + "," + (size == null ? "," : micrometres(size.width()) + "," + micrometres(size.depth())) + ","
                + net[0] + "," + net[1] + "," + s.plausibility().csvRow() + "\n";
        AtomicFiles.writeText(file, w -> w.write(text));
        return file;
    }

    /** Six significant digits: a TIFF calibration stores 3 um as 3.000003. */
    private static String micrometres(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String csvCell(String s) {
        return s.indexOf(',') < 0 && s.indexOf('"') < 0 ? s : '"' + s.replace("\"", "\"\"") + '"';
    }
}
