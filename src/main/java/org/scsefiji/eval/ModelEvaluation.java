package org.scsefiji.eval;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.io.ImageReader;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.CancelledException;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.data.ImagePair;
import org.scsefiji.train.data.LabelMode;

/**
 * A model scored on labelled images: each image is segmented and compared with its label image, pixel
 * by pixel (the ignore label skipped). Per-class Dice over all images together, and per image. An image
 * that cannot be read or does not fit its labels is reported and the others are still scored.
 */
public final class ModelEvaluation {
    private static final int CHUNK = 1 << 20;

    /** One image's scores, or why it could not be scored. */
    public static final class ImageScore {
        private final String name;
        private final SegmentationMetrics metrics;
        private final String error;

        ImageScore(String name, SegmentationMetrics metrics, String error) {
            this.name = name;
            this.metrics = metrics;
            this.error = error;
        }

        public String name() {
            return name;
        }

        /** Null when the image failed. */
        public SegmentationMetrics metrics() {
            return metrics;
        }

        /** Null when the image was scored. */
        public String error() {
            return error;
        }
    }

    private final List<ClassInfo> classes;
    private final ConfusionMatrix total;
    private final List<ImageScore> images;

    private ModelEvaluation(List<ClassInfo> classes, ConfusionMatrix total, List<ImageScore> images) {
        this.classes = classes;
        this.total = total;
        this.images = List.copyOf(images);
    }

    /**
     * Scores {@code model} on {@code pairs}, as Fiji's Evaluate Model and the command line's {@code
     * evaluate} do.
     *
     * @param tileSize tile side in pixels, 0 = automatic
     * @throws IllegalArgumentException if the model does not take one-channel images
     * @throws CancelledException when cancelled
     */
    public static ModelEvaluation run(ScseModel model, int tileSize, List<ImagePair> pairs, ImageReader reader,
            ProgressListener progress, CancelToken cancel) {
        int channels = model.spec().inputChannels();
        if (channels != 1) {
            throw new IllegalArgumentException("This model expects " + channels + " channels; evaluation reads one-channel images");
        }
        return run(new Segmenter(model).tileSize(tileSize), model.spec().classes(), LabelMode.of(model.provenance()), pairs, reader,
                progress, cancel);
    }

    /**
     * Scores with the labels read as the model was trained: object ids become classes as in training.
     *
     * @param classes the model's classes (the segmenter's network)
     * @param labelMode what the numbers of the label images mean
     * @throws CancelledException when cancelled
     */
    public static ModelEvaluation run(Segmenter segmenter, List<ClassInfo> classes, LabelMode labelMode, List<ImagePair> pairs,
            ImageReader reader, ProgressListener progress, CancelToken cancel) {
        return run((image, p, c) -> segment(segmenter, image, p, c), classes, labelMode, pairs, reader, progress, cancel);
    }

    /**
     * Scores the labels of a {@link SegmentationPipeline} (flip averaging, post-processing; images read
     * by an {@link ImageReader} carry no pixel size, so they are not resampled).
     */
    public static ModelEvaluation run(SegmentationPipeline pipeline, List<ClassInfo> classes, LabelMode labelMode, List<ImagePair> pairs,
            ImageReader reader, ProgressListener progress, CancelToken cancel) {
        return run((image, p, c) -> segment(pipeline, image, p, c), classes, labelMode, pairs, reader, progress, cancel);
    }

    /** Labels for one image. */
    @FunctionalInterface
    private interface Labeller {
        RandomAccessibleInterval<? extends IntegerType<?>> labels(RandomAccessibleInterval<? extends RealType<?>> image,
                ProgressListener progress, CancelToken cancel);
    }

    private static ModelEvaluation run(Labeller segmenter, List<ClassInfo> classes, LabelMode labelMode, List<ImagePair> pairs,
            ImageReader reader, ProgressListener progress, CancelToken cancel) {
        ConfusionMatrix total = new ConfusionMatrix(classes.size());
        List<ImageScore> scores = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            cancel.check();
            ImagePair pair = pairs.get(i);
            int n = i;
            String prefix = pair.image().getFileName() + " (" + (i + 1) + "/" + pairs.size() + ")";
            progress.progress((double) i / pairs.size(), prefix);
            try {
                ConfusionMatrix m = score(segmenter, classes.size(), labelMode, pair, reader,
                        (f, msg) -> progress.progress((n + f) / pairs.size(), prefix + ": " + msg), cancel);
                total.merge(m);
                scores.add(new ImageScore(pair.name(), new SegmentationMetrics(m, classes), null));
            } catch (CancelledException e) {
                throw e;
            } catch (IOException | IllegalArgumentException e) {
                scores.add(new ImageScore(pair.name(), null, e.getMessage()));
            }
        }
        progress.progress(1, "Evaluation done");
        return new ModelEvaluation(classes, total, scores);
    }

    private static ConfusionMatrix score(Labeller segmenter, int classCount, LabelMode labelMode, ImagePair pair,
            ImageReader reader, ProgressListener progress, CancelToken cancel) throws IOException {
        RandomAccessibleInterval<? extends RealType<?>> image = read(reader, pair.image());
        RandomAccessibleInterval<? extends RealType<?>> truth = read(reader, pair.labels());
        if (!Arrays.equals(image.dimensionsAsLongArray(), truth.dimensionsAsLongArray())) {
            throw new IllegalArgumentException(pair.labels() + ": label image is " + size(truth) + " pixels but its image is " + size(image));
        }
        if (labelMode.objectIds()) {
            try {
                truth = labelMode.objectClasses(truth, classCount - 1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(pair.labels() + ": " + e.getMessage(), e);
            }
        }
        RandomAccessibleInterval<? extends IntegerType<?>> labels = segmenter.labels(image, progress, cancel);
        ConfusionMatrix m = new ConfusionMatrix(classCount);
        int[] t = new int[CHUNK], p = new int[CHUNK];
        Iterator<? extends IntegerType<?>> predicted = Views.flatIterable(labels).iterator();
        int k = 0;
        for (RealType<?> v : Views.flatIterable(truth)) {
            double d = v.getRealDouble();
            if (d != Math.rint(d) || d < 0) {
                throw new IllegalArgumentException(pair.labels() + ": label value " + d + " is not a class id (whole numbers from 0)");
            }
            t[k] = (int) d;
            p[k++] = predicted.next().getInteger();
            if (k == CHUNK) {
                add(m, t, p, k, pair.labels());
                k = 0;
            }
        }
        add(m, t, p, k, pair.labels());
        return m;
    }

    private static void add(ConfusionMatrix m, int[] t, int[] p, int n, Path labels) {
        try {
            m.add(Arrays.copyOf(t, n), Arrays.copyOf(p, n));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(labels + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RandomAccessibleInterval<? extends IntegerType<?>> segment(Segmenter segmenter,
            RandomAccessibleInterval<? extends RealType<?>> image, ProgressListener progress, CancelToken cancel) {
        return segmenter.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(image.numDimensions()), false, false,
                progress, cancel).labels();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RandomAccessibleInterval<? extends IntegerType<?>> segment(SegmentationPipeline pipeline,
            RandomAccessibleInterval<? extends RealType<?>> image, ProgressListener progress, CancelToken cancel) {
        return pipeline.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(image.numDimensions()), null, false, false,
                progress, cancel).outputs().labels();
    }

    private static RandomAccessibleInterval<? extends RealType<?>> read(ImageReader reader, Path file) throws IOException {
        try {
            return reader.read(file);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new IOException(m.startsWith(file.toString()) ? m : file + ": " + m, e);
        }
    }

    /**
     * The pairs whose names the model's training held out for validation (listed in its provenance), so that
     * a model card's validation Dice can be reproduced from the same folder.
     *
     * @param modelFile where the model was read from, for the messages
     * @throws IllegalArgumentException if the model lists no validation images, or none of them is among the pairs
     */
    public static List<ImagePair> heldOut(List<ImagePair> pairs, ScseModel model, Path modelFile) {
        JsonElement names = model.provenance().trainingData(Provenance.VALIDATION_IMAGES);
        Set<String> held = new HashSet<>();
        if (names != null && names.isJsonArray()) names.getAsJsonArray().forEach(n -> held.add(n.getAsString()));
        if (held.isEmpty()) {
            throw new IllegalArgumentException(modelFile + " names no validation images: the model was trained without any held out");
        }
        List<ImagePair> out = new ArrayList<>();
        for (ImagePair p : pairs) if (held.contains(p.name())) out.add(p);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("None of the " + held.size() + " validation images that " + modelFile + " names (e.g. "
                    + held.iterator().next() + ") is among the images found");
        }
        return out;
    }

    /** Scores over every scored image together. */
    public SegmentationMetrics overall() {
        return new SegmentationMetrics(total, classes);
    }

    public List<ClassInfo> classes() {
        return classes;
    }

    public List<ImageScore> images() {
        return images;
    }

    public long failures() {
        return images.stream().filter(s -> s.error() != null).count();
    }

    /**
     * Writes the per-class scores over all images to {@code csv} (see {@link SegmentationMetrics#writeCsv})
     * and one row per image to {@link #perImageFile}, creating the folder.
     *
     * @return the per-image file
     */
    public Path writeCsvFiles(Path csv) throws IOException {
        Path folder = csv.toAbsolutePath().getParent();
        if (folder != null) Files.createDirectories(folder);
        overall().writeCsv(csv);
        Path perImage = perImageFile(csv);
        writePerImageCsv(perImage);
        return perImage;
    }

    /** {@code NAME_per_image.csv} next to {@code NAME.csv}. */
    public static Path perImageFile(Path csv) {
        String name = csv.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(base + "_per_image.csv");
    }

    /** One row per image: image,mean_foreground_dice,pixel_accuracy,dice_&lt;class&gt;...,error. */
    public void writePerImageCsv(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.append("image,mean_foreground_dice,pixel_accuracy");
            for (ClassInfo c : classes) w.append(",dice_").append(Integer.toString(c.index()));
            w.append(",error\n");
            for (ImageScore s : images) {
                w.append(csv(s.name()));
                SegmentationMetrics m = s.metrics();
                w.append(',').append(m == null ? "" : SegmentationMetrics.decimal(m.meanForegroundDice()));
                w.append(',').append(m == null ? "" : SegmentationMetrics.decimal(m.pixelAccuracy()));
                for (ClassInfo c : classes) w.append(',').append(m == null ? "" : SegmentationMetrics.decimal(m.dice(c.index())));
                w.append(',').append(s.error() == null ? "" : csv(s.error())).append('\n');
            }
        }
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"").replace('\n', ' ') + '"';
    }

    private static String size(RandomAccessibleInterval<?> r) {
        StringBuilder s = new StringBuilder();
        for (long d : r.dimensionsAsLongArray()) s.append(s.length() == 0 ? "" : " x ").append(d);
        return s.toString();
    }
}
