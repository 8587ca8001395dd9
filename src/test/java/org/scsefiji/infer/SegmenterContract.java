package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.AttentionRecorder;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.nn.SqueezeContext;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.CancelledException;
import org.scsefiji.task.ProgressListener;

/**
 * What every segmentation network must satisfy for tiled inference, run through {@link Segmenter}:
 * tiled equals untiled, untiled equals a hand-built forward on the mirrored image, stacks and
 * channels, an honest receptive radius, and clean cancellation. A subclass names the network; sizes
 * follow from the network's size multiple and receptive radius.
 */
abstract class SegmenterContract {
    static final double PROBABILITY_TOLERANCE = 1e-4;

    /** The network under test, built from {@code spec} (features, classes and input channels come from it). */
    abstract SegmentationNetwork network(NetworkSpec spec);

    NetworkSpec spec(int inputChannels) {
        return NetworkSpec.builder().features(8).classCount(3).inputChannels(inputChannels).build();
    }

    LoadedNetwork load(int inputChannels) {
        return LoadedNetwork.load(network(spec(inputChannels)), 7);
    }

    /** A tile with a valid centre of about 20 pixels, so the test images need several tiles per side. */
    static int tileSize(SegmentationNetwork n) {
        int m = n.sizeMultiple();
        int halo = TilePlan.halo(m, n.receptiveRadius());
        return Math.max(32, (2 * halo + 20 + m - 1) / m * m);
    }

    /** Odd sizes, not a multiple of the tile, at least 3 x 2 tiles. */
    static long[] imageSize(SegmentationNetwork n) {
        int halo = TilePlan.halo(n.sizeMultiple(), n.receptiveRadius());
        long valid = tileSize(n) - 2L * halo;
        return new long[] {Math.max(101, 3 * valid + 5) | 1, Math.max(77, 2 * valid + 3) | 1};
    }

    static Segmenter untiled(LoadedNetwork n) {
        return n.segmenter().pixelBudget(1L << 40);
    }

    @Test
    void tiledEqualsUntiledOnOddSizesAtNonZeroMinima() {
        try (LoadedNetwork n = load(1)) {
            long[] dims = imageSize(n.network);
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {-37, 1234}, dims, 11);
            ImageAxes axes = ImageAxes.singleChannel(2);
            assertTrue(untiled(n).plan(image).isSingleTile());
            SegmentationOutputs whole = untiled(n).segment(image, axes, true, true, null, null);
            assertNotTrivial(whole);

            for (int batch : new int[] {1, 3}) {
                Segmenter tiled = n.segmenter().tileSize(tileSize(n.network)).batchSize(batch);
                TilePlan plan = tiled.plan(image);
                assertTrue(plan.tilesPerDimension()[0] >= 3 && plan.tilesPerDimension()[1] >= 2, plan.toString());
                SegmentationOutputs parts = SegmentationOutputs.labels(TestImages.at(ArrayImgs.unsignedShorts(dims), 5, -9))
                        .withProbabilities(TestImages.at(ArrayImgs.floats(dims[0], dims[1], 3), 0, 0, -2))
                        .withAttention(ArrayImgs.floats(dims[0], dims[1], 2));
                tiled.segment(image, axes, parts, null, null);
                assertLabelsEqual(whole.labels(), parts.labels());
                assertClose(whole.probabilities(), parts.probabilities(), PROBABILITY_TOLERANCE);
                assertClose(whole.attention(), parts.attention(), PROBABILITY_TOLERANCE);
            }
        }
    }

    @Test
    void untiledEqualsAHandBuiltForwardOnTheMirroredImage() {
        try (LoadedNetwork n = load(1)) {
            long[] dims = imageSize(n.network);
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {300, -41}, dims, 12);
            SegmentationOutputs out = untiled(n).segment(image, ImageAxes.singleChannel(2), true, true, null, null);
            Reference ref = Reference.compute(n, image);
            RandomAccess<? extends IntegerType<?>> labels = out.labels().randomAccess();
            RandomAccess<FloatType> probs = out.probabilities().randomAccess();
            RandomAccess<FloatType> att = out.attention().randomAccess();
            int w = (int) dims[0];
            int h = (int) dims[1];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    labels.setPosition(new long[] {out.labels().min(0) + x, out.labels().min(1) + y});
                    assertEquals(ref.labels[y * w + x], labels.get().getIntegerLong(), "label at " + x + "," + y);
                    for (int k = 0; k < 3; k++) {
                        probs.setPosition(new long[] {x, y, k});
                        assertEquals(ref.probabilities[(k * h + y) * w + x], probs.get().get(), 1e-4);
                    }
                    for (int g = 0; g < 2; g++) {
                        att.setPosition(new long[] {x, y, g});
                        // the reference averages in float, the segmenter in double: deep nets differ slightly
                        assertEquals(ref.gates[g][y * w + x], att.get().get(), 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void stacksWithChannelsEqualTheirSlicesSegmentedAlone() {
        try (LoadedNetwork n = load(2)) {
            long[] plane = imageSize(n.network);
            long[] dims = {plane[0], plane[1], 2, 3}; // X, Y, C, Z
            RandomAccessibleInterval<FloatType> stack = TestImages.ramp(new long[] {-3, 17, 4, -1}, dims, 13);
            ImageAxes axes = new ImageAxes(4, 2);
            SegmentationOutputs tiled = n.segmenter().tileSize(tileSize(n.network)).batchSize(2).segment(stack, axes, true, false, null, null);
            SegmentationOutputs batchedWhole = untiled(n).batchSize(2).segment(stack, axes, true, false, null, null);
            for (int z = 0; z < 3; z++) {
                RandomAccessibleInterval<FloatType> slice = Views.hyperSlice(stack, 3, stack.min(3) + z);
                SegmentationOutputs alone = untiled(n).segment(slice, new ImageAxes(3, 2), true, false, null, null);
                for (SegmentationOutputs s : List.of(tiled, batchedWhole)) {
                    assertLabelsEqual(alone.labels(), Views.hyperSlice(s.labels(), 2, z));
                    assertClose(alone.probabilities(), Views.hyperSlice(s.probabilities(), 2, z), PROBABILITY_TOLERANCE);
                }
            }
        }
    }

    /**
     * With the squeezes frozen (replayed from a first run), an output pixel must not change when every
     * input pixel farther than the receptive radius changes, for every pooling phase.
     */
    @Test
    void receptiveRadiusIsHonest() {
        try (LoadedNetwork n = load(1); NDManager m = n.model.getNDManager().newSubManager()) {
            TorchEngine.disableGradOnThisThread();
            int mult = n.network.sizeMultiple();
            int r = n.network.receptiveRadius();
            int base = (r + 1 + mult - 1) / mult * mult;
            int side = (base + mult + r + 1 + mult - 1) / mult * mult;
            Random random = new Random(5);
            float[] x = randomFloats(random, side * side);
            Replay replay = new Replay();
            float[] out = forward(n, m, x, side, replay);
            replay.replaying = true;
            boolean sensitive = false;
            for (int phase = 0; phase < mult; phase++) {
                int py = base + phase;
                int px = base + (phase * 3 + 1) % mult;
                float[] far = randomFloats(random, side * side);
                for (int y = py - r; y <= py + r; y++) {
                    for (int xx = px - r; xx <= px + r; xx++) far[y * side + xx] = x[y * side + xx];
                }
                replay.site = 0;
                float[] outFar = forward(n, m, far, side, replay);
                float[] near = x.clone();
                near[py * side + px] += 1;
                replay.site = 0;
                float[] outNear = forward(n, m, near, side, replay);
                for (int k = 0; k < 3; k++) {
                    int i = (k * side + py) * side + px;
                    assertEquals(out[i], outFar[i], 1e-5, "pixel " + px + "," + py + " sees beyond radius " + r);
                    sensitive |= Math.abs(out[i] - outNear[i]) > 1e-6;
                }
            }
            assertTrue(sensitive, "the output never depended on its own input pixel: the test would be vacuous");
        }
    }

    @Test
    void cancelLeavesEveryTileWholeOrUntouched() {
        try (LoadedNetwork n = load(1)) {
            long[] dims = imageSize(n.network);
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {9, 9}, dims, 14);
            ImageAxes axes = ImageAxes.singleChannel(2);
            RandomAccessibleInterval<? extends IntegerType<?>> expected =
                    Views.translate(untiled(n).segment(image, axes, false, false, null, null).labels(), 9, 9);
            Img<UnsignedByteType> labels = ArrayImgs.unsignedBytes(dims);
            for (UnsignedByteType t : labels) t.set(255);
            CancelToken cancel = new CancelToken();
            int[] finalPassReports = {0};
            ProgressListener stopSoon = (fraction, message) -> {
                if (message.contains("segmenting (tile") && ++finalPassReports[0] == 2) cancel.cancel();
            };
            Segmenter tiled = n.segmenter().tileSize(tileSize(n.network)).batchSize(1);
            assertThrows(CancelledException.class,
                    () -> tiled.segment(image, axes, SegmentationOutputs.labels(TestImages.at(labels, 9, 9)), stopSoon, cancel));
            int written = 0;
            int untouched = 0;
            for (TilePlan.Tile t : tiled.plan(image)) {
                Interval v = t.valid();
                Interval inOutput = FinalInterval.createMinSize(v.min(0) - 9, v.min(1) - 9, v.dimension(0), v.dimension(1));
                long sentinel = 0;
                for (UnsignedByteType p : Views.interval(labels, inOutput)) sentinel += p.get() == 255 ? 1 : 0;
                if (sentinel == 0) {
                    written++;
                    assertLabelsEqual(Views.interval(expected, v), Views.interval(TestImages.at(labels, 9, 9), v));
                } else {
                    untouched++;
                    assertEquals(v.dimension(0) * v.dimension(1), sentinel, "tile " + t + " is partly written");
                }
            }
            assertEquals(2, written);
            assertTrue(untouched > 0);
        }
    }

    // ---- helpers ----

    static float[] randomFloats(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat();
        return v;
    }

    static float[] forward(LoadedNetwork n, NDManager parent, float[] x, int side, SqueezeContext squeeze) {
        try (NDManager call = parent.newSubManager()) {
            PairList<String, Object> params = new PairList<>();
            params.add(SqueezeContext.KEY, squeeze);
            NDArray input = call.create(x, new Shape(1, 1, side, side));
            return n.network.forward(new ParameterStore(call, false), new NDList(input), false, params).singletonOrThrow().toFloatArray();
        }
    }

    /** Records the plain squeeze means of a first run, then hands them back in later runs. */
    static final class Replay implements SqueezeContext {
        final List<float[]> means = new ArrayList<>();
        boolean replaying;
        int site;

        @Override
        public NDArray squeeze(NDArray features) {
            Shape s = features.getShape();
            if (replaying) return features.getManager().create(means.get(site++), new Shape(s.get(0), s.get(1)));
            NDArray mean = features.sum(new int[] {2, 3}).div((float) (s.get(2) * s.get(3)));
            means.add(mean.toFloatArray());
            return mean;
        }
    }

    /** The untiled result computed by hand: mirror, normalise, forward with valid-region squeezes, crop. */
    static final class Reference {
        long[] labels;
        float[] probabilities;
        float[][] gates = new float[2][];

        static Reference compute(LoadedNetwork n, RandomAccessibleInterval<FloatType> image) {
            int w = (int) image.dimension(0);
            int h = (int) image.dimension(1);
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (FloatType t : Views.iterable(image)) {
                min = Math.min(min, t.get());
                max = Math.max(max, t.get());
            }
            int mult = n.network.sizeMultiple();
            int halo = (n.network.receptiveRadius() + mult - 1) / mult * mult;
            int inW = (w + mult - 1) / mult * mult + 2 * halo;
            int inH = (h + mult - 1) / mult * mult + 2 * halo;
            float[] x = new float[inW * inH];
            RandomAccess<FloatType> ra = image.randomAccess();
            for (int y = 0; y < inH; y++) {
                for (int xx = 0; xx < inW; xx++) {
                    ra.setPosition(new long[] {image.min(0) + mirror(xx - halo, w), image.min(1) + mirror(y - halo, h)});
                    x[y * inW + xx] = (float) ((ra.get().get() - min) / (max - min));
                }
            }
            Reference ref = new Reference();
            TorchEngine.disableGradOnThisThread();
            try (NDManager call = n.model.getNDManager().newSubManager()) {
                List<NDArray> gates = new ArrayList<>();
                PairList<String, Object> params = new PairList<>();
                params.add(SqueezeContext.KEY, (SqueezeContext) f -> {
                    Shape s = f.getShape();
                    long cy = inH / s.get(2);
                    long cx = inW / s.get(3);
                    long y0 = halo / cy;
                    long y1 = (halo + h + cy - 1) / cy;
                    long x0 = halo / cx;
                    long x1 = (halo + w + cx - 1) / cx;
                    NDArray window = f.get(new NDIndex(":, :, {}:{}, {}:{}", y0, y1, x0, x1));
                    return window.sum(new int[] {2, 3}).div((float) ((y1 - y0) * (x1 - x0)));
                });
                params.add(AttentionRecorder.KEY, (AttentionRecorder) gate -> {
                    gate.attach(call); // stage scopes free their tensors when the stage ends
                    gates.add(gate);
                });
                NDArray input = call.create(x, new Shape(1, 1, inH, inW));
                NDArray logits = n.network.forward(new ParameterStore(call, false), new NDList(input), false, params).singletonOrThrow();
                NDArray centre = logits.get(new NDIndex("0, :, {}:{}, {}:{}", halo, halo + h, halo, halo + w));
                ref.labels = centre.argMax(0).toLongArray();
                ref.probabilities = centre.softmax(0).toFloatArray();
                NDArray[] firstLast = {gates.get(0), gates.get(gates.size() - 1)};
                for (int g = 0; g < 2; g++) {
                    NDArray gate = firstLast[g];
                    long cell = inH / gate.getShape().get(2);
                    float[] values = gate.toFloatArray();
                    int gw = (int) gate.getShape().get(3);
                    ref.gates[g] = new float[w * h];
                    for (int y = 0; y < h; y++) {
                        for (int xx = 0; xx < w; xx++) ref.gates[g][y * w + xx] = values[(int) ((halo + y) / cell) * gw + (int) ((halo + xx) / cell)];
                    }
                }
            }
            return ref;
        }

        /** ImgLib2's double mirror: the border pixel is repeated, period 2n. */
        static int mirror(int i, int n) {
            int j = Math.floorMod(i, 2 * n);
            return j < n ? j : 2 * n - 1 - j;
        }
    }

    /** The comparisons would prove little if the network predicted the same everywhere. */
    static void assertNotTrivial(SegmentationOutputs out) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (FloatType p : Views.iterable(Views.hyperSlice(out.probabilities(), 2, 0))) {
            lo = Math.min(lo, p.get());
            hi = Math.max(hi, p.get());
        }
        long labels = distinctLabels(out.labels());
        assertTrue(hi - lo > 0.01, "class 0 probability only varies in " + lo + ".." + hi + "; labels seen: " + labels);
    }

    static long distinctLabels(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
        return Views.iterable(labels).stream().mapToLong(IntegerType::getIntegerLong).distinct().count();
    }

    /** Same size; compared pixel by pixel in flat order from each minimum. */
    static void assertLabelsEqual(RandomAccessibleInterval<? extends IntegerType<?>> expected,
            RandomAccessibleInterval<? extends IntegerType<?>> actual) {
        assertTrue(java.util.Arrays.equals(expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray()), "sizes differ");
        Cursor<? extends IntegerType<?>> e = Views.flatIterable(expected).cursor();
        Cursor<? extends IntegerType<?>> a = Views.flatIterable(actual).cursor();
        long differing = 0;
        while (e.hasNext()) differing += e.next().getIntegerLong() != a.next().getIntegerLong() ? 1 : 0;
        assertEquals(0, differing, "pixels with different labels");
    }

    static void assertClose(RandomAccessibleInterval<FloatType> expected, RandomAccessibleInterval<FloatType> actual, double tolerance) {
        assertTrue(java.util.Arrays.equals(expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray()), "sizes differ");
        Cursor<FloatType> e = Views.flatIterable(expected).cursor();
        Cursor<FloatType> a = Views.flatIterable(actual).cursor();
        double worst = 0;
        while (e.hasNext()) worst = Math.max(worst, Math.abs(e.next().get() - a.next().get()));
        assertTrue(worst <= tolerance, "largest difference " + worst);
    }
}
