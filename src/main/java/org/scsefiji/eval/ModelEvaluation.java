package org.scsefiji.eval;

import com.google.gson.JsonElement;
import java.io.IOException;
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
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.instances.InstanceLabels;
import org.scsefiji.instances.Instances;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.io.AtomicFiles;
import org.scsefiji.io.ImageReader;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.PostProcessing;
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
        private final ObjectScores objects;
        private final String error;

        ImageScore(String name, SegmentationMetrics metrics, ObjectScores objects, String error) {
            this.name = name;
            this.metrics = metrics;
            this.objects = objects;
            this.error = error;
        }

        public String name() {
            return name;
        }

        /** Null when the image failed. */
        public SegmentationMetrics metrics() {
            return metrics;
        }

        /** Object-level scores; null when the image failed or the model does not split objects. */
        public ObjectScores objects() {
            return objects;
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
        return run(new Segmenter(model).tileSize(tileSize), model.spec().classes(), LabelMode.of(model.provenance()),
                model.spec().postProcessing(), pairs, reader, progress, cancel);
    }

    /** As {@link #run(Segmenter, List, LabelMode, PostProcessing, List, ImageReader, ProgressListener, CancelToken)} without objects. */
    public static ModelEvaluation run(Segmenter segmenter, List<ClassInfo> classes, LabelMode labelMode, List<ImagePair> pairs,
            ImageReader reader, ProgressListener progress, CancelToken cancel) {
        return run(segmenter, classes, labelMode, PostProcessing.NONE, pairs, reader, progress, cancel);
    }

    /**
     * Scores with the labels read as the model was trained: object ids become classes as in training.
     *
     * @param classes the model's classes (the segmenter's network)
     * @param labelMode what the numbers of the label images mean
     * @param postProcessing the model's; when it splits objects and the labels hold object ids, objects are
     *     scored too ({@link ObjectScores}) against the label images' objects
     * @throws CancelledException when cancelled
     */
    public static ModelEvaluation run(Segmenter segmenter, List<ClassInfo> classes, LabelMode labelMode, PostProcessing postProcessing,
            List<ImagePair> pairs, ImageReader reader, ProgressListener progress, CancelToken cancel) {
        return run((image, probabilities, p, c) -> segment(segmenter, image, probabilities, p, c), classes, labelMode, postProcessing,
                pairs, reader, progress, cancel);
    }

    /**
     * Scores the labels of a {@link SegmentationPipeline} (flip averaging, post-processing; images read
     * by an {@link ImageReader} carry no pixel size, so they are not resampled); objects too when the
     * pipeline's post-processing splits them.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ModelEvaluation run(SegmentationPipeline pipeline, List<ClassInfo> classes, LabelMode labelMode, List<ImagePair> pairs,
            ImageReader reader, ProgressListener progress, CancelToken cancel) {
        PostProcessing post = pipeline.postprocessing() == null ? PostProcessing.NONE : pipeline.postprocessing();
        return run((image, probabilities, p, c) -> pipeline.segment((RandomAccessibleInterval) image,
                ImageAxes.singleChannel(image.numDimensions()), null, probabilities, false, p, c).outputs(), classes, labelMode, post,
                pairs, reader, progress, cancel);
    }

    /** The outputs for one image: labels, and class probabilities when asked for. */
    @FunctionalInterface
    private interface Labeller {
        SegmentationOutputs segment(RandomAccessibleInterval<? extends RealType<?>> image, boolean probabilities,
                ProgressListener progress, CancelToken cancel);
    }

    private static ModelEvaluation run(Labeller segmenter, List<ClassInfo> classes, LabelMode labelMode, PostProcessing postProcessing,
            List<ImagePair> pairs, ImageReader reader, ProgressListener progress, CancelToken cancel) {
        InstancePostProcessing instances = labelMode.objectIds() && postProcessing instanceof InstancePostProcessing
                ? (InstancePostProcessing) postProcessing : null;
        ConfusionMatrix total = new ConfusionMatrix(classes.size());
        List<ImageScore> scores = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            cancel.check();
            ImagePair pair = pairs.get(i);
            int n = i;
            String prefix = pair.image().getFileName() + " (" + (i + 1) + "/" + pairs.size() + ")";
            progress.progress((double) i / pairs.size(), prefix);
            try {
                ObjectScores[] objects = new ObjectScores[1];
                ConfusionMatrix m = score(segmenter, classes.size(), labelMode, instances, pair, reader,
                        (f, msg) -> progress.progress((n + f) / pairs.size(), prefix + ": " + msg), cancel, objects);
                total.merge(m);
                scores.add(new ImageScore(pair.name(), new SegmentationMetrics(m, classes), objects[0], null));
            } catch (CancelledException e) {
                throw e;
            } catch (IOException | IllegalArgumentException e) {
                scores.add(new ImageScore(pair.name(), null, null, e.getMessage()));
            }
        }
        progress.progress(1, "Evaluation done");
        return new ModelEvaluation(classes, total, scores);
    }

    /** Pixel scores; object scores into objects[0] when {@code instances} is not null. */
    private static ConfusionMatrix score(Labeller segmenter, int classCount, LabelMode labelMode, InstancePostProcessing instances,
            ImagePair pair, ImageReader reader, ProgressListener progress, CancelToken cancel, ObjectScores[] objects) throws IOException {
        RandomAccessibleInterval<? extends RealType<?>> image = read(reader, pair.image());
        RandomAccessibleInterval<? extends RealType<?>> truth = read(reader, pair.labels());
        if (!Arrays.equals(image.dimensionsAsLongArray(), truth.dimensionsAsLongArray())) {
            throw new IllegalArgumentException(pair.labels() + ": label image is " + size(truth) + " pixels but its image is " + size(image));
        }
        RandomAccessibleInterval<? extends RealType<?>> truthIds = truth;
        if (labelMode.objectIds()) {
            try {
                truth = labelMode.objectClasses(truth, classCount - 1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(pair.labels() + ": " + e.getMessage(), e);
            }
        }
        SegmentationOutputs out = segmenter.segment(image, instances != null, progress, cancel);
        if (instances != null) objects[0] = objectScores(Instances.decode(out.probabilities(), null, instances), truthIds, pair.labels());
        ConfusionMatrix m = new ConfusionMatrix(classCount);
        int[] t = new int[CHUNK], p = new int[CHUNK];
        Iterator<? extends IntegerType<?>> predicted = Views.flatIterable(out.labels()).iterator();
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

    /** Plane by plane against the label image's object ids, counts added up. */
    private static ObjectScores objectScores(Instances predicted, RandomAccessibleInterval<? extends RealType<?>> truthIds, Path labels) {
        ObjectScores sum = ObjectScores.empty();
        Iterator<? extends RealType<?>> t = Views.flatIterable(truthIds).iterator();
        for (InstanceLabels plane : predicted.planes()) {
            int[] ids = new int[plane.labels().length];
            for (int i = 0; i < ids.length; i++) {
                double d = t.next().getRealDouble();
                if (d != Math.rint(d) || d < 0) throw new IllegalArgumentException(labels + ": label value " + d + " is not an object id");
                ids[i] = (int) d;
            }
            sum = sum.plus(ObjectScores.of(ids, plane.labels()));
        }
        return sum;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SegmentationOutputs segment(Segmenter segmenter, RandomAccessibleInterval<? extends RealType<?>> image,
            boolean probabilities, ProgressListener progress, CancelToken cancel) {
        return segmenter.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(image.numDimensions()), probabilities, false,
                progress, cancel);
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

    /** Object counts over every scored image together; null when objects were not scored. */
    public ObjectScores objects() {
        ObjectScores sum = null;
        for (ImageScore s : images) {
            if (s.objects() != null) sum = sum == null ? s.objects() : sum.plus(s.objects());
        }
        return sum;
    }

    /** The Data Science Bowl score of the image set: the mean of the images' scores (images without objects left out); NaN when none. */
    public double meanDsbScore() {
        double sum = 0;
        int n = 0;
        for (ImageScore s : images) {
            if (s.objects() != null && !Double.isNaN(s.objects().dsbScore())) {
                sum += s.objects().dsbScore();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
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

    /**
     * One row per image: image,mean_foreground_dice,pixel_accuracy,dice_&lt;class&gt;...,error; written whole or
     * not at all, creating the folder.
     */
    public void writePerImageCsv(Path file) throws IOException {
        AtomicFiles.writeText(file, w -> {
            w.append("image,mean_foreground_dice,pixel_accuracy");
            for (ClassInfo c : classes) w.append(",dice_").append(Integer.toString(c.index()));
            boolean objects = objects() != null;
            if (objects) w.append(",true_objects,predicted_objects,object_f1,dsb_score");
            w.append(",error\n");
            for (ImageScore s : images) {
                w.append(csv(s.name()));
                SegmentationMetrics m = s.metrics();
                w.append(',').append(m == null ? "" : SegmentationMetrics.decimal(m.meanForegroundDice()));
                w.append(',').append(m == null ? "" : SegmentationMetrics.decimal(m.pixelAccuracy()));
                for (ClassInfo c : classes) w.append(',').append(m == null ? "" : SegmentationMetrics.decimal(m.dice(c.index())));
                ObjectScores o = s.objects();
                if (objects) {
                    w.append(',').append(o == null ? "" : Long.toString(o.trueObjects())).append(',')
                            .append(o == null ? "" : Long.toString(o.predictedObjects())).append(',')
                            .append(o == null ? "" : SegmentationMetrics.decimal(o.f1())).append(',')
                            .append(o == null ? "" : SegmentationMetrics.decimal(o.dsbScore()));
                }
                w.append(',').append(s.error() == null ? "" : csv(s.error())).append('\n');
            }
        });
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
