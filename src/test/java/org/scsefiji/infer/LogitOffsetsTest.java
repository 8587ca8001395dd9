package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.model.SpecJson;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.NetworkTestSupport;
import org.scsefiji.train.LogitAdjustment;

/** A spec's logit offsets: read and written, checked, and added to the logits before the segmenter's softmax and arg-max. */
class LogitOffsetsTest {
    @TempDir
    Path dir;

    @Test
    void offsetsRoundTripAndBadOnesAreNamed() {
        NetworkSpec spec = NetworkTestSupport.small(Architecture.UNET).logitOffsets(List.of(0.9, 0.0, -1.0)).build();
        JsonObject json = SpecJson.toJson(spec);
        assertEquals(3, json.getAsJsonArray("logit_offsets").size());
        assertEquals(spec, SpecJson.fromJson(json));
        assertTrue(!SpecJson.toJson(NetworkTestSupport.small(Architecture.UNET).build()).has("logit_offsets"), "none: not written");
        JsonArray two = new JsonArray();
        two.add(1.0);
        two.add(2.0);
        json.add("logit_offsets", two);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpecJson.fromJson(json)).getMessage().contains("logit_offsets has 2 numbers for 3 classes"));
        JsonArray words = new JsonArray();
        words.add("a");
        json.add("logit_offsets", words);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpecJson.fromJson(json)).getMessage().contains("logit_offsets"));
        assertThrows(IllegalArgumentException.class, () -> NetworkTestSupport.small(Architecture.UNET).logitOffsets(List.of(0.0, Double.NaN, 0.0)).build());
    }

    @Test
    void adjustmentDividesByTheWeightsToThePowerTau() {
        List<Double> o = LogitAdjustment.offsets(new float[] {0.25f, 1f, 4f}, 0.5);
        assertEquals(Math.log(2), o.get(0), 1e-12);
        assertEquals(0.0, o.get(1), 0.0);
        assertEquals(-Math.log(2), o.get(2), 1e-12);
        assertEquals(List.of(), LogitAdjustment.offsets(new float[] {2f, 2f, 2f}, 0.5), "equal weights: nothing to undo");
        assertEquals(List.of(), LogitAdjustment.offsets(new float[] {0.25f, 1f, 4f}, 0));
        assertThrows(IllegalArgumentException.class, () -> LogitAdjustment.offsets(new float[] {1f, 2f}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LogitAdjustment.offsets(new float[] {0f, 2f}, 0.5));
        float[] recorded = LogitAdjustment.trainedClassWeights(new Provenance().with(Provenance.TRAINING_DATA, weightsRecord()));
        assertArrayEquals(new float[] {0.25f, 1f, 4f}, recorded);
    }

    @Test
    void segmenterAddsTheOffsetsBeforeSoftmaxAndArgmax() throws Exception {
        Path plain = dir.resolve("plain.scse");
        Path adjusted = dir.resolve("adjusted.scse");
        double[] offsets = {-2.0, 0.0, 1.5};
        try (ScseModel model = NetworkTestSupport.seededModel(NetworkTestSupport.small(Architecture.UNET).build(), 11)) {
            ModelFile.save(model, plain);
        }
        ModelFile.updateSpec(plain, adjusted, s -> s.toBuilder().logitOffsets(List.of(offsets[0], offsets[1], offsets[2])).build());
        RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {-3, 5}, new long[] {70, 45}, 3);
        SegmentationOutputs p = segment(plain, image);
        SegmentationOutputs q = segment(adjusted, image);
        float[][] pp = planes(p, 3);
        float[][] qq = planes(q, 3);
        int[] labels = ints(q.labels());
        int changed = 0;
        int[] before = ints(p.labels());
        for (int i = 0; i < labels.length; i++) {
            double sum = 0;
            double[] expected = new double[3];
            for (int c = 0; c < 3; c++) sum += expected[c] = pp[c][i] * Math.exp(offsets[c]);
            int best = 0;
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c] / sum, qq[c][i], 1e-5, "pixel " + i + " class " + c);
                if (qq[c][i] > qq[best][i]) best = c;
            }
            assertEquals(best, labels[i], "pixel " + i);
            if (labels[i] != before[i]) changed++;
        }
        assertTrue(changed > 0, "the offsets changed no label: the test would not see them ignored");
    }

    private static SegmentationOutputs segment(Path file, RandomAccessibleInterval<FloatType> image) throws Exception {
        try (ScseModel model = ModelFile.load(file, Device.cpu())) {
            return new Segmenter(model).segment(image, ImageAxes.singleChannel(2), true, false, null, null);
        }
    }

    private static float[][] planes(SegmentationOutputs out, int classes) {
        float[][] a = new float[classes][];
        for (int c = 0; c < classes; c++) {
            RandomAccessibleInterval<? extends RealType<?>> plane = Views.hyperSlice(out.probabilities(), 2, c);
            a[c] = new float[(int) (plane.dimension(0) * plane.dimension(1))];
            Cursor<? extends RealType<?>> cur = Views.flatIterable(plane).cursor();
            for (int i = 0; i < a[c].length; i++) a[c][i] = cur.next().getRealFloat();
        }
        return a;
    }

    private static int[] ints(RandomAccessibleInterval<? extends RealType<?>> labels) {
        int[] a = new int[(int) (labels.dimension(0) * labels.dimension(1))];
        Cursor<? extends RealType<?>> cur = Views.flatIterable(labels).cursor();
        for (int i = 0; i < a.length; i++) a[i] = (int) cur.next().getRealDouble();
        return a;
    }

    private static JsonObject weightsRecord() {
        JsonObject data = new JsonObject();
        JsonArray w = new JsonArray();
        w.add(0.25f);
        w.add(1f);
        w.add(4f);
        data.add("class_weights", w);
        return data;
    }
}
