package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.io.CalibratedImage;
import org.scsefiji.io.ImageReader;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Normalization;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.data.DataSource;
import org.scsefiji.train.data.LabelMode;
import org.scsefiji.train.data.ImageEntry;
import org.scsefiji.train.data.Patch;
import org.scsefiji.train.data.PatchBatch;
import org.scsefiji.train.data.PatchSampler;
import org.scsefiji.train.data.SliceCache;
import org.scsefiji.train.data.TrainingData;

/**
 * What a training patch holds equals what the segmenter feeds the network for the same pixels: same
 * image, same spec normalisation, a 2-D image and a 3-slice stack whose slices have different ranges.
 */
class TrainingInferenceInputTest {
    private static final Normalization[] MODES = {Normalization.minMax(), Normalization.percentile(1, 99),
        new Normalization(Normalization.Mode.MEAN_STD, 0, 1), new Normalization(Normalization.Mode.FIXED, 100, 400),
        new Normalization(Normalization.Mode.NONE, 0, 1)};

    @TempDir
    Path dir;

    /** 2-D float image with outliers, a NaN and an infinity: 23 x 17. */
    private static Img<? extends RealType<?>> planar(Random r) {
        float[] v = new float[23 * 17];
        for (int i = 0; i < v.length; i++) v[i] = (float) (300 + 50 * r.nextGaussian());
        v[5] = Float.NaN;
        v[40] = Float.POSITIVE_INFINITY;
        v[77] = 5000;
        return ArrayImgs.floats(v, 23, 17);
    }

    /** 16-bit stack of 3 slices, 19 x 13, slice k holding values from 1000 k over a range of 200 (k + 1). */
    private static Img<? extends RealType<?>> stack(Random r) {
        short[] v = new short[19 * 13 * 3];
        for (int i = 0; i < v.length; i++) {
            int k = i / (19 * 13);
            v[i] = (short) (1000 * k + r.nextInt(200 * (k + 1)));
        }
        return ArrayImgs.unsignedShorts(v, 19, 13, 3);
    }

    private static Img<? extends RealType<?>> labels(Random r, long... dims) {
        Img<net.imglib2.type.numeric.integer.UnsignedByteType> l = ArrayImgs.unsignedBytes(dims);
        l.forEach(t -> t.set(r.nextInt(2)));
        return l;
    }

    @Test
    void aTrainingPatchSeesWhatTheSegmenterFeedsTheNetwork() throws IOException {
        Random r = new Random(11);
        Map<Path, RandomAccessibleInterval<? extends RealType<?>>> files = new HashMap<>();
        files.put(dir.resolve("plane.tif"), planar(r));
        files.put(dir.resolve("plane_labels.tif"), labels(r, 23, 17));
        files.put(dir.resolve("stack.tif"), stack(r));
        files.put(dir.resolve("stack_labels.tif"), labels(r, 19, 13, 3));
        for (Path f : files.keySet()) Files.write(f, new byte[] {0}); // the pair finder lists names; pixels come from the map
        ImageReader reader = f -> new CalibratedImage(files.get(f), null);

        for (Normalization n : MODES) {
            TrainingData data = TrainingData.prepare(new DataSource(dir, null, null, null, List.of(), 0, 1, LabelMode.CLASSES), reader, 2, n,
                    ProgressListener.NONE, new CancelToken());
            SliceCache cache = new SliceCache(data.entries(), reader, 1 << 24, LabelMode.CLASSES, null);
            PatchSampler sampler = new PatchSampler(data.entries(), data.trainingIndices(), new int[0], 8, 6, true, 3, 1 << 24, false);
            List<Patch> patches = sampler.trainingEpoch(0);
            float[] trained = PatchBatch.of(patches, 8, 6, cache).pixels();
            assertTrue(patches.stream().anyMatch(Patch::flip) && patches.stream().anyMatch(p -> p.slice() == 2), "flips and the third slice are sampled");

            NetworkSpec spec = NetworkSpec.builder().features(4).classCount(2).normalization(n).build();
            for (int image = 0; image < data.entries().size(); image++) {
                ImageEntry entry = data.entries().get(image);
                float[][] fed = segmenterInputs(spec, files.get(entry.pair().image()));
                int compared = 0;
                for (int i = 0; i < patches.size(); i++) {
                    Patch p = patches.get(i);
                    if (p.image() != image) continue;
                    for (int py = 0; py < 6; py++) {
                        for (int px = 0; px < 8; px++) {
                            int x = p.x() + (p.flip() ? 7 - px : px), y = p.y() + py;
                            if (x >= entry.width() || y >= entry.height()) continue; // padding, not an image pixel
                            float expected = fed[p.slice()][y * entry.width() + x];
                            assertEquals(expected, trained[(i * 6 + py) * 8 + px], 0f,
                                    n + " " + entry.pair().name() + " slice " + p.slice() + " at (" + x + "," + y + ")");
                            compared++;
                        }
                    }
                }
                assertTrue(compared > entry.width() * entry.height(), n + ": every slice is sampled (" + compared + " pixels)");
            }
        }
    }

    /** The segmenter's network input per slice, image pixels only (x fastest), read from a recording network. */
    private float[][] segmenterInputs(NetworkSpec spec, RandomAccessibleInterval<? extends RealType<?>> image) {
        InputRecorder recorder = new InputRecorder(spec);
        try (LoadedNetwork net = LoadedNetwork.load(recorder, 1)) {
            Segmenter segmenter = net.segmenter().tileSize(12); // several tiles per slice, mirrored borders
            segment(segmenter, image);
            Interval slice = Intervals.createMinMax(image.min(0), image.min(1), image.max(0), image.max(1));
            TilePlan plan = segmenter.plan(slice);
            int w = (int) image.dimension(0), h = (int) image.dimension(1);
            int slices = (int) (Intervals.numElements(image) / ((long) w * h));
            float[][] out = new float[slices][w * h];
            int[] tile = plan.tileSize();
            List<float[]> items = recorder.items(tile);
            assertEquals(slices * plan.tileCount(), items.size(), "one forward item per tile and slice");
            int item = 0;
            for (int s = 0; s < slices; s++) {
                for (TilePlan.Tile t : plan) {
                    float[] in = items.get(item++);
                    Interval valid = t.valid();
                    for (long y = valid.min(1); y <= valid.max(1); y++) {
                        for (long x = valid.min(0); x <= valid.max(0); x++) {
                            int ix = (int) (x - t.input().min(0)), iy = (int) (y - t.input().min(1));
                            out[s][(int) ((y - image.min(1)) * w + x - image.min(0))] = in[iy * tile[0] + ix];
                        }
                    }
                }
            }
            return out;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void segment(Segmenter segmenter, RandomAccessibleInterval<? extends RealType<?>> image) {
        segmenter.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(image.numDimensions()), false, false, null, null);
    }

    /** Records each forward's input; returns zero logits. Receptive radius 2, so tiles carry a mirrored halo. */
    private static final class InputRecorder extends SegmentationNetwork {
        private final List<float[]> arrays = new ArrayList<>();
        private final List<Shape> shapes = new ArrayList<>();

        InputRecorder(NetworkSpec spec) {
            super(spec, (byte) 1);
        }

        /** Every recorded batch item of a tile-sized forward, in order. */
        List<float[]> items(int[] tile) {
            List<float[]> out = new ArrayList<>();
            int pixels = tile[0] * tile[1];
            for (int i = 0; i < arrays.size(); i++) {
                Shape s = shapes.get(i);
                if (s.get(2) != tile[1] || s.get(3) != tile[0]) continue; // the segmenter's structure probe
                for (int k = 0; k < s.get(0); k++) {
                    float[] item = new float[pixels];
                    System.arraycopy(arrays.get(i), k * pixels, item, 0, pixels);
                    out.add(item);
                }
            }
            return out;
        }

        @Override
        public int sizeMultiple() {
            return 1;
        }

        @Override
        public int receptiveRadius() {
            return 2;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            Shape s = x.getShape();
            arrays.add(x.toFloatArray());
            shapes.add(s);
            return new NDList(x.getManager().zeros(new Shape(s.get(0), spec().classCount(), s.get(2), s.get(3))));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        }
    }
}
