package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.eval.ModelEvaluation;
import org.scsefiji.eval.ObjectScores;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.instances.Instances;
import org.scsefiji.io.CalibratedImage;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.data.ImagePair;
import org.scsefiji.train.data.LabelMode;

/**
 * Evaluate Model's objects line gives the object precision, recall and F1 at IoU 0.5 and the Data Science Bowl
 * score that the core's {@link ObjectScores} gives for the same predicted and true objects. Seeded case: a small
 * untrained network on noise; the true objects are its own objects, in one image all of them (renumbered), in the
 * other every second one dropped and one square added (no predicted object matches it), so that precision and recall are both below 1.
 */
class EvaluateObjectsLineTest {
    private static final int W = 48;
    private static final int H = 40;

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void objectsLineMatchesObjectScores() {
        TorchEngine.get();
        ai.djl.engine.Engine.getInstance().setRandomSeed(5);
        NetworkSpec spec = NetworkSpec.builder().architecture(Architecture.UNET).features(8).classes(ClassPalettes.objects(3)).build();
        try (ScseModel model = ScseModel.create(spec, new Provenance(), Device.cpu())) {
            Segmenter segmenter = new Segmenter(model);
            Map<Path, RandomAccessibleInterval<? extends RealType<?>>> files = new HashMap<>();
            InstancePostProcessing split = thresholds(segmenter.segment((RandomAccessibleInterval) noise(new Random(30)), ImageAxes.singleChannel(2),
                    true, false, ProgressListener.NONE, new CancelToken()).probabilities());
            ObjectScores expected = ObjectScores.empty();
            double dsbSum = 0;
            int dsbImages = 0;
            for (int k = 0; k < 2; k++) {
                RandomAccessibleInterval image = noise(new Random(30 + k));
                SegmentationOutputs out = segmenter.segment(image, ImageAxes.singleChannel(2), true, false, ProgressListener.NONE, new CancelToken());
                int[] predicted = Instances.decode(out.probabilities(), null, split).planes().get(0).labels();
                int[] truth = truth(predicted, k == 1);
                ObjectScores s = ObjectScores.of(truth, predicted);
                expected = expected.plus(s);
                if (!Double.isNaN(s.dsbScore())) {
                    dsbSum += s.dsbScore();
                    dsbImages++;
                }
                files.put(Path.of("i" + k + ".tif"), image);
                files.put(Path.of("i" + k + "_labels.tif"), ArrayImgs.ints(truth, W, H));
            }
            assertTrue(expected.predictedObjects() >= 4, "the case needs objects; predicted " + expected.predictedObjects());
            assertTrue(expected.precision() > 0 && expected.precision() < 1, "precision " + expected.precision());
            assertTrue(expected.recall() > 0 && expected.recall() < 1, "recall " + expected.recall());

            List<ImagePair> pairs = List.of(pair("i0"), pair("i1"));
            ModelEvaluation e = ModelEvaluation.run(segmenter, spec.classes(), LabelMode.OBJECTS_AND_OUTLINES, split, pairs, f -> {
                RandomAccessibleInterval<? extends RealType<?>> img = files.get(f);
                if (img == null) throw new IOException(f + " does not exist");
                return new CalibratedImage(img, null);
            }, ProgressListener.NONE, new CancelToken());
            assertEquals(0, e.failures());
            String line = EvaluateModelAction.objectsLine(e);
            assertNotNull(line);
            String want = String.format(Locale.ROOT, "objects at IoU 0.5: precision %.4f, recall %.4f, F1 %.4f (%d matched of %d true and %d predicted);"
                    + " DSB score %.4f;", expected.precision(), expected.recall(), expected.f1(), expected.truePositives(0), expected.trueObjects(),
                    expected.predictedObjects(), dsbSum / dsbImages);
            assertTrue(line.startsWith(want), "line: " + line + "\nwanted: " + want);
        }
    }

    /**
     * An untrained network's probabilities are near 1/3 everywhere: thresholds at their own quantiles (foreground
     * where p(object) + p(outline) is above its median, seeds in the top fifth of p(object)) give objects and background.
     */
    private static InstancePostProcessing thresholds(RandomAccessibleInterval<FloatType> p) {
        float[] fg = new float[W * H];
        float[] object = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                object[y * W + x] = p.getAt(x, y, 1).get();
                fg[y * W + x] = object[y * W + x] + p.getAt(x, y, 2).get();
            }
        }
        Arrays.sort(fg);
        Arrays.sort(object);
        return new InstancePostProcessing(1, 2, fg[fg.length / 2], object[object.length * 4 / 5], 1, 2);
    }

    /** The predicted objects renumbered (id + 7); when {@code damaged}, every second one dropped and an 8 x 8 square added at the corner. */
    private static int[] truth(int[] predicted, boolean damaged) {
        int[] t = new int[predicted.length];
        for (int i = 0; i < t.length; i++) {
            int v = predicted[i];
            t[i] = v == 0 || (damaged && v % 2 == 0) ? 0 : v + 7;
        }
        if (damaged) {
            for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) t[y * W + x] = 1000; // over whatever was there
        }
        return t;
    }

    private static ImagePair pair(String name) {
        return new ImagePair(name, Path.of(name + ".tif"), Path.of(name + "_labels.tif"));
    }

    private static RandomAccessibleInterval<?> noise(Random r) {
        float[] v = new float[W * H];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
        return ArrayImgs.floats(v, W, H);
    }
}
