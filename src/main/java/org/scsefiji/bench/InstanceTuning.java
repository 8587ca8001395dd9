package org.scsefiji.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.eval.ModelEvaluation;
import org.scsefiji.eval.ObjectScores;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.instances.InstanceDecoder;
import org.scsefiji.instances.InstanceLabels;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
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
 * line per combination. Usage: {@code java -cp scse.jar org.scsefiji.bench.InstanceTuning MODEL IMAGE_FOLDER
 * [--declared-only]} (the last: only the baseline and the model's declared parameters).
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
        final int[] classes;
        final int[] truth;

        Plane(String name, int width, int height, float[] object, float[] outline, int[] classes, int[] truth) {
            this.name = name;
            this.width = width;
            this.height = height;
            this.object = object;
            this.outline = outline;
            this.classes = classes;
            this.truth = truth;
        }
    }

    public static void main(String[] args) throws Exception {
        Path modelFile = Path.of(args[0]);
        Path images = Path.of(args[1]);
        List<Plane> planes = new ArrayList<>();
        InstancePostProcessing declared;
        try (ScseModel model = ModelFile.load(modelFile, TorchEngine.device(org.scsefiji.engine.DeviceChoice.parse("cpu")))) {
            PostProcessing p = model.spec().postProcessing();
            if (!(p instanceof InstancePostProcessing)) throw new IllegalArgumentException(modelFile + " declares no instance post-processing");
            declared = (InstancePostProcessing) p;
            List<ImagePair> pairs = ModelEvaluation.heldOut(PairFinder.find(images, images), model, modelFile);
            Segmenter segmenter = new Segmenter(model);
            ImageIoReader reader = new ImageIoReader();
            long start = System.nanoTime();
            for (ImagePair pair : pairs) {
                planes.add(segment(segmenter, declared, pair, reader));
                System.out.flush();
            }
            System.out.printf(Locale.ROOT, "segmented %d held-out images in %.1f s%n", planes.size(), (System.nanoTime() - start) / 1e9);
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
        if (args.length > 2 && args[2].equals("--declared-only")) return;
        // The grid reaches past the point chosen for the first model (0.6, 0.9, 10, 40), which lay on the edge of
        // the former grid. The best line by object F1 at IoU 0.5 (the measure users and the issue name) ends the output.
        String best = null;
        double bestF1 = -1;
        for (double fg : new double[] {0.4, 0.5, 0.6, 0.7, 0.8}) {
            for (double seed : new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
                for (int minSeed : new int[] {1, 4, 10, 20, 40}) {
                    for (int minArea : new int[] {5, 10, 20, 40, 60, 80}) {
                        InstancePostProcessing p = declared.withThresholds(fg, seed).withAreas(minSeed, minArea);
                        String what = String.format(Locale.ROOT, "fg=%.2f seed=%.2f min_seed_area=%d min_area=%d", fg, seed, minSeed, minArea);
                        double f1 = report(what, p, planes);
                        if (f1 > bestF1) {
                            bestF1 = f1;
                            best = what;
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "best by object F1: %s (f1=%.4f)%n", best, bestF1);
    }

    /** Prints one line for {@code p} on all planes; returns its object F1 at IoU 0.5. */
    private static double report(String what, InstancePostProcessing p, List<Plane> planes) {
        InstanceDecoder decoder = new InstanceDecoder(p);
        ObjectScores sum = ObjectScores.empty();
        double dsb = 0;
        for (Plane plane : planes) {
            InstanceLabels l = decoder.decode(plane.object, plane.outline, plane.width, plane.height);
            ObjectScores s = ObjectScores.of(plane.truth, l.labels());
            sum = sum.plus(s);
            dsb += s.dsbScore();
        }
        String line = String.format(Locale.ROOT, "%s: predicted=%d precision=%.4f recall=%.4f f1=%.4f dsb=%.4f", what, sum.predictedObjects(),
                sum.precision(), sum.recall(), sum.f1(), dsb / planes.size());
        System.out.println(line);
        return sum.f1();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Plane segment(Segmenter segmenter, InstancePostProcessing p, ImagePair pair, ImageIoReader reader) throws Exception {
        RandomAccessibleInterval<? extends RealType<?>> image = reader.read(pair.image());
        RandomAccessibleInterval<? extends RealType<?>> truth = reader.read(pair.labels());
        if (image.numDimensions() != 2) throw new IllegalArgumentException(pair.image() + ": 2-D images only");
        SegmentationOutputs out = segmenter.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(2), true, false,
                ProgressListener.NONE, new CancelToken());
        int w = (int) image.dimension(0);
        int h = (int) image.dimension(1);
        float[] object = plane(Views.hyperSlice(out.probabilities(), 2, p.objectClass()), w * h);
        float[] outline = plane(Views.hyperSlice(out.probabilities(), 2, p.outlineClass()), w * h);
        int[] classes = new int[w * h];
        Cursor<? extends RealType<?>> c = Views.flatIterable(out.labels()).cursor();
        for (int i = 0; i < classes.length; i++) classes[i] = (int) c.next().getRealDouble();
        int[] ids = new int[w * h];
        Cursor<? extends RealType<?>> t = Views.flatIterable(truth).cursor();
        for (int i = 0; i < ids.length; i++) ids[i] = (int) t.next().getRealDouble();
        return new Plane(pair.name(), w, h, object, outline, classes, ids);
    }

    private static float[] plane(RandomAccessibleInterval<? extends RealType<?>> r, int n) {
        float[] a = new float[n];
        Cursor<? extends RealType<?>> c = Views.flatIterable(r).cursor();
        for (int i = 0; i < n; i++) a[i] = c.next().getRealFloat();
        return a;
    }
}
