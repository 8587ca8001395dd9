package org.scsefiji.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.eval.ModelEvaluation;
import org.scsefiji.eval.ObjectErrors;
import org.scsefiji.eval.ObjectScores;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.instances.InstanceDecoder;
import org.scsefiji.instances.InstanceLabels;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.PixelSize;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.data.ImagePair;
import org.scsefiji.train.data.PairFinder;

/**
 * Chooses the instance decoder's parameters on a model's held-out validation images (never on test
 * images): each image is segmented once, then every combination of a small grid is decoded and scored
 * (object F1 at IoU 0.5 over all objects, mean Data Science Bowl score over images), next to the baseline
 * of 4-connected regions of the object class (the label image with its outline class removed). Prints one
 * line per combination (with the decoder's time per megapixel); ends with the best line by F1 without seed
 * splitting (seed_split_height 0, the rule before splitting) and the best of all.
 * <p>
 * Usage: {@code java -cp scse.jar org.scsefiji.bench.InstanceTuning MODEL IMAGE_FOLDER [options]}:
 * <ul>
 * <li>{@code --declared-only}: only the baseline and the model's declared parameters;</li>
 * <li>{@code --declare OUT}: writes a copy of MODEL (same weights and provenance) that declares the grid's best
 * parameters by object F1, or the first {@code --parameters}; with {@code --object-diameter D}, also the training
 * objects' typical diameter in pixels (else the one MODEL declares, if any);</li>
 * <li>{@code --scale S}: the network sees each image resampled by S (2 = twice the pixels per side), its
 * probabilities resampled back, as {@code segment} does for a model that knows its pixel size;</li>
 * <li>{@code --parameters FG,SEED,MIN_SEED_AREA,MIN_AREA,SPLIT_HEIGHT} (repeatable): scores these instead of
 * the grid, to report parameters chosen elsewhere;</li>
 * <li>{@code --all-images}: scores every image pair of the folder, not only the model's held-out ones: for
 * a report on a test folder the model never saw; never tune on such a folder.</li>
 * <li>{@code --flip-average}, {@code --flip-vertical}: test-time flip averaging as in {@code segment} (the
 * probabilities of the flipped images, flipped back, averaged);</li>
 * <li>{@code --average-with MODEL} (repeatable): the probabilities of MODEL (segmented the same way) are averaged
 * with those of the first model before decoding, to measure an ensemble; the first model's parameters decode;</li>
 * <li>{@code --errors}: for the declared parameters (or the first {@code --parameters}), why objects fail to
 * match ({@link ObjectErrors}), per image (most errors first) and over all images; no grid.</li>
 * </ul>
 */
public final class InstanceTuning {
    private InstanceTuning() {
    }

    private static final class Plane {
        final String name;
        final int width;
        final int height;
        final float[] object;
        final float[] outline;
        /** p(core), null for a model without a core class. */
        final float[] core;
        final int[] classes;
        final int[] truth;

        Plane(String name, int width, int height, float[] object, float[] outline, float[] core, int[] classes, int[] truth) {
            this.name = name;
            this.width = width;
            this.height = height;
            this.object = object;
            this.outline = outline;
            this.core = core;
            this.classes = classes;
            this.truth = truth;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -cp scse.jar org.scsefiji.bench.InstanceTuning MODEL IMAGE_FOLDER [--declared-only]"
                    + " [--all-images] [--errors] [--flip-average] [--flip-vertical] [--scale S] [--declare OUT [--object-diameter D]] [--average-with MODEL]..."
                    + " [--parameters FG,SEED,MIN_SEED_AREA,MIN_AREA,SPLIT_HEIGHT]...");
            System.exit(2);
        }
        Path modelFile = Path.of(args[0]);
        Path images = Path.of(args[1]);
        boolean declaredOnly = false;
        boolean allImages = false;
        boolean flipAverage = false;
        boolean flipVertical = false;
        boolean errors = false;
        double scale = 1;
        Path declare = null;
        double objectDiameter = 0;
        List<double[]> chosen = new ArrayList<>();
        List<Path> averaged = new ArrayList<>();
        for (int a = 2; a < args.length; a++) {
            switch (args[a]) {
                case "--declared-only": declaredOnly = true; break;
                case "--all-images": allImages = true; break;
                case "--flip-average": flipAverage = true; break;
                case "--flip-vertical": flipVertical = true; break;
                case "--errors": errors = true; break;
                case "--scale":
                    scale = a + 1 < args.length ? Double.parseDouble(args[++a]) : 0;
                    if (!(scale > 0)) throw new IllegalArgumentException("--scale needs a factor > 0, e.g. 2");
                    break;
                case "--declare":
                    if (a + 1 >= args.length) throw new IllegalArgumentException("--declare needs the file to write");
                    declare = Path.of(args[++a]);
                    break;
                case "--object-diameter":
                    objectDiameter = a + 1 < args.length ? Double.parseDouble(args[++a]) : 0;
                    if (!(objectDiameter > 0)) throw new IllegalArgumentException("--object-diameter needs the diameter in pixels, e.g. 16.7");
                    break;
                case "--average-with":
                    if (a + 1 >= args.length) throw new IllegalArgumentException("--average-with needs a model file");
                    averaged.add(Path.of(args[++a]));
                    break;
                case "--parameters":
                    if (a + 1 >= args.length) throw new IllegalArgumentException("--parameters needs FG,SEED,MIN_SEED_AREA,MIN_AREA,SPLIT_HEIGHT");
                    chosen.add(parameters(args[++a]));
                    break;
                default: throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }
        List<Plane> planes = new ArrayList<>();
        List<ImagePair> segmented = new ArrayList<>();
        InstancePostProcessing declared;
        try (ScseModel model = ModelFile.load(modelFile, TorchEngine.device(org.scsefiji.engine.DeviceChoice.parse("cpu")))) {
            PostProcessing p = model.spec().postProcessing();
            if (!(p instanceof InstancePostProcessing)) throw new IllegalArgumentException(modelFile + " declares no instance post-processing");
            declared = (InstancePostProcessing) p;
            if (declared.hasCoreClass() && !averaged.isEmpty()) throw new IllegalArgumentException("--average-with: models with a core class are not averaged");
            List<ImagePair> found = PairFinder.find(images, images);
            List<ImagePair> pairs = allImages ? found : ModelEvaluation.heldOut(found, model, modelFile);
            SegmentationPipeline segmenter = probabilities(model, flipAverage, flipVertical, scale);
            ImageIoReader reader = new ImageIoReader();
            long start = System.nanoTime();
            for (ImagePair pair : pairs) {
                planes.add(segment(segmenter, declared, pair, reader));
                segmented.add(pair);
                System.out.flush();
            }
            System.out.printf(Locale.ROOT, "segmented %d %s images in %.1f s (%d forward passes each)%n", planes.size(),
                    allImages ? "(all the folder's)" : "held-out", (System.nanoTime() - start) / 1e9, segmenter.passes());
        }
        for (Path other : averaged) {
            try (ScseModel model = ModelFile.load(other, TorchEngine.device(org.scsefiji.engine.DeviceChoice.parse("cpu")))) {
                SegmentationPipeline segmenter = probabilities(model, flipAverage, flipVertical, scale);
                ImageIoReader reader = new ImageIoReader();
                for (int k = 0; k < planes.size(); k++) {
                    Plane p = planes.get(k);
                    Plane q = segment(segmenter, declared, segmented.get(k), reader);
                    for (int i = 0; i < p.object.length; i++) {
                        p.object[i] += q.object[i];
                        p.outline[i] += q.outline[i];
                    }
                }
            }
            System.out.println("averaged with " + other);
        }
        if (!averaged.isEmpty()) {
            float n = averaged.size() + 1;
            for (Plane p : planes) {
                for (int i = 0; i < p.object.length; i++) {
                    float o = p.object[i] /= n;
                    float l = p.outline[i] /= n;
                    float b = 1 - o - l;
                    p.classes[i] = o >= l && o >= b ? declared.objectClass() : l >= b ? declared.outlineClass() : 0;
                }
            }
        }
        ObjectScores base = ObjectScores.empty();
        double baseDsb = 0;
        for (Plane p : planes) {
            ObjectScores s = ObjectScores.of(p.truth, InstanceDecoder.classComponents(p.classes, p.width, p.height, declared.objectClass()).labels());
            base = base.plus(s);
            baseDsb += s.dsbScore();
        }
        System.out.printf(Locale.ROOT, "baseline (components of class %d): true=%d predicted=%d f1=%.4f dsb=%.4f%n", declared.objectClass(),
                base.trueObjects(), base.predictedObjects(), base.f1(), baseDsb / planes.size());
        report("declared " + declared, declared, planes);
        if (errors) {
            double[] c = chosen.isEmpty() ? null : chosen.get(0);
            errors(c == null ? declared : declared.withThresholds(c[0], c[1]).withAreas((int) c[2], (int) c[3]).withSeedSplitHeight(c[4]), planes);
            return;
        }
        if (declaredOnly) return;
        if (!chosen.isEmpty()) {
            InstancePostProcessing first = null;
            for (double[] c : chosen) {
                InstancePostProcessing p = declared.withThresholds(c[0], c[1]).withAreas((int) c[2], (int) c[3]).withSeedSplitHeight(c[4]);
                if (first == null) first = p;
                report(describe(p), p, planes);
            }
            if (declare != null) declare(modelFile, declare, first, objectDiameter);
            return;
        }
        // The grid reaches past the point chosen for the first model (0.6, 0.9, 10, 40), which lay on the edge of
        // the former grid, and past the best without splitting on the logit-adjusted model (fg 0.8, seed 0.95: higher
        // seed thresholds are the old rule's way to split). With splitting, min_seed_area and min_area take fewer
        // values (they mattered less there) to keep the run short. The best lines by object F1
        // at IoU 0.5 (the measure users and the issue name) end the output: without splitting and of all.
        Best unsplit = new Best();
        Best all = new Best();
        for (double height : new double[] {0, 0.75, 1, 1.25, 1.5}) {
            int[] minSeeds = height == 0 ? new int[] {1, 4, 10, 20, 40} : new int[] {1, 10, 20, 40};
            int[] minAreas = height == 0 ? new int[] {5, 10, 20, 40, 60, 80} : new int[] {20, 40, 60};
            for (double fg : new double[] {0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
                for (double seed : new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98}) {
                    for (int minSeed : minSeeds) {
                        for (int minArea : minAreas) {
                            InstancePostProcessing p = declared.withThresholds(fg, seed).withAreas(minSeed, minArea).withSeedSplitHeight(height);
                            String what = describe(p);
                            double f1 = report(what, p, planes);
                            if (height == 0) unsplit.offer(what, p, f1);
                            all.offer(what, p, f1);
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "best by object F1 without seed splitting: %s (f1=%.4f)%n", unsplit.what, unsplit.f1);
        System.out.printf(Locale.ROOT, "best by object F1: %s (f1=%.4f)%n", all.what, all.f1);
        if (declare != null) declare(modelFile, declare, all.parameters, objectDiameter);
    }

    /** The model's segmentation as {@code segment} runs it, with probabilities and without post-processing. */
    private static SegmentationPipeline probabilities(ScseModel model, boolean flipAverage, boolean flipVertical, double scale) {
        SegmentationPipeline p = new SegmentationPipeline(new Segmenter(model), model.spec()).flipAverage(flipAverage)
                .flipVertical(flipVertical).postprocessing(null);
        if (scale != 1) p.modelPixelSize(new PixelSize(1 / scale, 1 / scale));
        return p;
    }

    /**
     * A copy of the model (weights and provenance unchanged) that declares {@code p}, with the training objects'
     * diameter {@code objectDiameter} (0 = the one the model declares, if any); the source stays as it is.
     */
    private static void declare(Path model, Path out, InstancePostProcessing p, double objectDiameter) throws Exception {
        if (out.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--declare must name a new file, not the model itself: " + out);
        }
        ModelFile.updateSpec(model, out, s -> {
            double d = objectDiameter > 0 ? objectDiameter
                    : s.postProcessing() instanceof InstancePostProcessing ? ((InstancePostProcessing) s.postProcessing()).objectDiameter() : 0;
            return s.toBuilder().postProcessing(p.withObjectDiameter(d)).build();
        });
        System.out.println(out + " declares " + describe(p) + (objectDiameter > 0 ? " object_diameter=" + objectDiameter : ""));
    }

    private static final class Best {
        String what;
        InstancePostProcessing parameters;
        double f1 = -1;

        void offer(String candidate, InstancePostProcessing p, double score) {
            if (score > f1) {
                f1 = score;
                what = candidate;
                parameters = p;
            }
        }
    }

    private static String describe(InstancePostProcessing p) {
        return String.format(Locale.ROOT, "fg=%.2f seed=%.2f min_seed_area=%d min_area=%d seed_split_height=%.2f", p.foregroundThreshold(),
                p.seedThreshold(), p.minSeedArea(), p.minArea(), p.seedSplitHeight());
    }

    private static double[] parameters(String csv) {
        String[] f = csv.split(",");
        if (f.length != 5) throw new IllegalArgumentException("--parameters needs FG,SEED,MIN_SEED_AREA,MIN_AREA,SPLIT_HEIGHT, got " + csv);
        double[] v = new double[5];
        for (int k = 0; k < 5; k++) {
            try {
                v[k] = Double.parseDouble(f[k]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--parameters: " + f[k] + " is not a number (in " + csv + ")");
            }
        }
        return v;
    }

    /** Prints one line for {@code p} on all planes; returns its object F1 at IoU 0.5. */
    private static double report(String what, InstancePostProcessing p, List<Plane> planes) {
        InstanceDecoder decoder = new InstanceDecoder(p);
        ObjectScores sum = ObjectScores.empty();
        double dsb = 0;
        long nanos = 0;
        double megapixels = 0;
        for (Plane plane : planes) {
            long t0 = System.nanoTime();
            InstanceLabels l = decoder.decode(plane.object, plane.outline, plane.core, plane.width, plane.height);
            nanos += System.nanoTime() - t0;
            megapixels += (double) plane.width * plane.height / 1e6;
            ObjectScores s = ObjectScores.of(plane.truth, l.labels());
            sum = sum.plus(s);
            dsb += s.dsbScore();
        }
        String line = String.format(Locale.ROOT, "%s: predicted=%d precision=%.4f recall=%.4f f1=%.4f dsb=%.4f decode=%.0f ms/MP", what,
                sum.predictedObjects(), sum.precision(), sum.recall(), sum.f1(), dsb / planes.size(), nanos / 1e6 / megapixels);
        System.out.println(line);
        return sum.f1();
    }

    /** Per image (most errors first) and over all: object counts, F1, DSB score and the causes of the errors. */
    private static void errors(InstancePostProcessing p, List<Plane> planes) {
        System.out.println("errors of " + describe(p) + " (image width x height true predicted matched f1 dsb, median area true / predicted, causes):");
        InstanceDecoder decoder = new InstanceDecoder(p);
        List<Object[]> rows = new ArrayList<>();
        ObjectErrors all = null;
        for (Plane plane : planes) {
            InstanceLabels decoded = decoder.decode(plane.object, plane.outline, plane.core, plane.width, plane.height);
            int[] ids = decoded.labels();
            ObjectScores s = ObjectScores.of(plane.truth, ids);
            ObjectErrors e = ObjectErrors.of(plane.truth, ids);
            all = all == null ? e : all.plus(e);
            long wrong = s.trueObjects() + s.predictedObjects() - 2 * s.truePositives(0);
            int maxTruth = Arrays.stream(plane.truth).max().orElse(0);
            rows.add(new Object[] {wrong, String.format(Locale.ROOT, "%s %dx%d %d %d %d %.3f %.3f median area %d / %d %s", plane.name, plane.width,
                    plane.height, s.trueObjects(), s.predictedObjects(), s.truePositives(0), s.f1(), s.dsbScore(),
                    InstanceLabels.medianArea(plane.truth, maxTruth), InstanceLabels.medianArea(ids, decoded.count()), e)});
        }
        rows.sort((a, b) -> Long.compare((long) b[0], (long) a[0]));
        for (Object[] r : rows) System.out.println("  " + r[1] + " (errors " + r[0] + ")");
        System.out.println("all images: " + all);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Plane segment(SegmentationPipeline segmenter, InstancePostProcessing p, ImagePair pair, ImageIoReader reader) throws Exception {
        RandomAccessibleInterval<? extends RealType<?>> image = reader.read(pair.image());
        RandomAccessibleInterval<? extends RealType<?>> truth = reader.read(pair.labels());
        if (image.numDimensions() != 2) throw new IllegalArgumentException(pair.image() + ": 2-D images only");
        PixelSize own = segmenter.modelPixelSize() == null ? null : new PixelSize(1, 1);
        SegmentationOutputs out = segmenter.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(2), own, true, false,
                ProgressListener.NONE, new CancelToken()).outputs();
        int w = (int) image.dimension(0);
        int h = (int) image.dimension(1);
        float[] object = plane(Views.hyperSlice(out.probabilities(), 2, p.objectClass()), w * h);
        float[] outline = plane(Views.hyperSlice(out.probabilities(), 2, p.outlineClass()), w * h);
        float[] core = p.hasCoreClass() ? plane(Views.hyperSlice(out.probabilities(), 2, p.coreClass()), w * h) : null;
        int[] classes = new int[w * h];
        Cursor<? extends RealType<?>> c = Views.flatIterable(out.labels()).cursor();
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (int) c.next().getRealDouble();
            if (classes[i] == p.coreClass()) classes[i] = p.objectClass(); // the baseline's components are of the objects' inside
        }
        int[] ids = new int[w * h];
        Cursor<? extends RealType<?>> t = Views.flatIterable(truth).cursor();
        for (int i = 0; i < ids.length; i++) ids[i] = (int) t.next().getRealDouble();
        return new Plane(pair.name(), w, h, object, outline, core, classes, ids);
    }

    private static float[] plane(RandomAccessibleInterval<? extends RealType<?>> r, int n) {
        float[] a = new float[n];
        Cursor<? extends RealType<?>> c = Views.flatIterable(r).cursor();
        for (int i = 0; i < n; i++) a[i] = c.next().getRealFloat();
        return a;
    }
}
