package org.scsefiji.instances;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.infer.TilePlan;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.io.PixelCalibration;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/**
 * The shipped nuclei model on its 256 x 256 sample: tiles of the smallest size give the same objects as one
 * tile, and nuclei lying across the borders between tiles are single objects.
 */
class InstancesTilingTest {
    private static final Path MODEL = Path.of("models/nuclei.scse");
    private static final Path SAMPLE = Path.of("models/samples/nuclei-00071198d059ba7f.tif");

    /** The shipped model (the test is skipped without it, e.g. in a checkout without its large files). */
    private static ScseModel shippedModel() throws Exception {
        Assumptions.assumeTrue(Files.exists(MODEL), "needs models/nuclei.scse");
        return ModelFile.load(MODEL, Device.cpu());
    }

    private static RandomAccessibleInterval<? extends RealType<?>> sample() throws Exception {
        Assumptions.assumeTrue(Files.exists(SAMPLE), "needs the nuclei sample image");
        return new ImageIoReader().read(SAMPLE);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void tiledEqualsOneTileAndBorderObjectsAreWhole() throws Exception {
        RandomAccessibleInterval<? extends RealType<?>> image = sample();
        try (ScseModel model = shippedModel()) {
            InstancePostProcessing p = (InstancePostProcessing) model.spec().postProcessing();
            Segmenter whole = new Segmenter(model).pixelBudget(1L << 40);
            Segmenter tiled = new Segmenter(model).tileSize(smallTile(model, 96));
            TilePlan plan = tiled.plan(image);
            assertTrue(plan.tileCount() >= 4, "tiles: " + plan);
            assertTrue(whole.plan(image).isSingleTile());

            SegmentationOutputs oneOut = segment(whole, image);
            SegmentationOutputs manyOut = segment(tiled, image);
            Instances one = Instances.decode(oneOut.probabilities(), image, p);
            Instances many = Instances.decode(manyOut.probabilities(), image, p);
            assertTrue(one.count() > 10, "the sample holds nuclei: " + one.count());
            assertEquals(one.count(), many.count());
            assertArrayEquals(one.planes().get(0).labels(), many.planes().get(0).labels());
            // seeds split at necks: as exact
            InstancePostProcessing split = p.withSeedSplitHeight(1);
            Instances oneSplit = Instances.decode(oneOut.probabilities(), image, split);
            assertArrayEquals(oneSplit.planes().get(0).labels(), Instances.decode(manyOut.probabilities(), image, split).planes().get(0).labels());
            assertTrue(oneSplit.count() > 10, "the sample holds nuclei: " + oneSplit.count());

            // objects with pixels in two tiles' valid regions: one id across the border
            int crossing = crossing(many, plan, (int) image.dimension(0));
            assertTrue(crossing >= 3, "nuclei across tile borders: " + crossing);
        }
    }

    /** A tile side whose valid centre is about {@code valid} pixels (96: 3 x 3 tiles on the 256 x 256 sample). */
    private static int smallTile(ScseModel model, int valid) {
        int multiple = model.network().sizeMultiple();
        int halo = TilePlan.halo(multiple, model.network().receptiveRadius());
        return (2 * halo + valid + multiple - 1) / multiple * multiple;
    }

    /** Test-time averaging over all four flips: tiles of the smallest size give the same objects as one tile. */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void fourFlipsTiledEqualOneTile() throws Exception {
        RandomAccessibleInterval<? extends RealType<?>> image = sample();
        try (ScseModel model = shippedModel()) {
            InstancePostProcessing p = (InstancePostProcessing) model.spec().postProcessing();
            Instances[] objects = new Instances[2];
            Segmenter[] segmenters = {new Segmenter(model).pixelBudget(1L << 40), new Segmenter(model).tileSize(smallTile(model, 96))};
            assertTrue(segmenters[1].plan(image).tileCount() >= 4);
            for (int k = 0; k < 2; k++) {
                SegmentationPipeline pipeline = new SegmentationPipeline(segmenters[k], model.spec()).flipAverage(true).flipVertical(true);
                SegmentationOutputs out = pipeline.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(2), null, true, false,
                        ProgressListener.NONE, new CancelToken()).outputs();
                objects[k] = Instances.decode(out.probabilities(), image, p);
            }
            assertTrue(objects[0].count() > 10, "the sample holds nuclei: " + objects[0].count());
            assertArrayEquals(objects[0].planes().get(0).labels(), objects[1].planes().get(0).labels());
        }
    }

    /**
     * A seeded synthetic image of bright discs centred on the borders between the valid regions of small tiles
     * (and where four tiles meet): the same objects, measured alike, tiled and in one tile.
     */
    @Test
    void syntheticDiscsOnTileBordersAreWholeAndMeasuredAlike() throws Exception {
        int w = 240;
        int h = 200;
        try (ScseModel model = shippedModel()) {
            InstancePostProcessing p = (InstancePostProcessing) model.spec().postProcessing();
            Segmenter tiled = new Segmenter(model).tileSize(smallTile(model, 64));
            Segmenter whole = new Segmenter(model).pixelBudget(1L << 40);
            float[] pixels = new float[w * h];
            RandomAccessibleInterval<FloatType> image = ArrayImgs.floats(pixels, w, h);
            TilePlan plan = tiled.plan(image);
            assertTrue(plan.tileCount() >= 6, "tiles: " + plan);
            // the borders: the last column and row of each valid region inside the image
            TreeSet<Long> xs = new TreeSet<>();
            TreeSet<Long> ys = new TreeSet<>();
            for (TilePlan.Tile t : plan) {
                if (t.valid().max(0) < w - 1) xs.add(t.valid().max(0));
                if (t.valid().max(1) < h - 1) ys.add(t.valid().max(1));
            }
            assertTrue(!xs.isEmpty() && !ys.isEmpty(), "borders in x and y: " + plan);
            Random random = new Random(12);
            for (int i = 0; i < pixels.length; i++) pixels[i] = 20 + 8 * (float) random.nextGaussian();
            int discs = 0; // centred on a border, away from the other borders so that no two discs touch
            for (long bx : xs) {
                for (int y = 16; y < h - 16; y += 30) {
                    if (near(y, ys)) continue;
                    disc(pixels, w, h, bx + 0.5, y, 7 + random.nextInt(3), random);
                    discs++;
                }
            }
            for (long by : ys) {
                for (int x = 16; x < w - 16; x += 30) {
                    if (near(x, xs)) continue;
                    disc(pixels, w, h, x, by + 0.5, 7 + random.nextInt(3), random);
                    discs++;
                }
            }
            assertTrue(discs >= 8, "discs: " + discs);

            Instances one = decode(whole, image, p);
            Instances many = decode(tiled, image, p);
            assertTrue(one.count() >= discs, "the discs are found: " + one.count() + " objects for " + discs + " discs");
            assertArrayEquals(one.planes().get(0).labels(), many.planes().get(0).labels());
            assertEquals(one.count(), many.count());
            for (int i = 0; i < one.count(); i++) {
                assertArrayEquals(Instances.row(one.objects().get(i), PixelCalibration.NONE), Instances.row(many.objects().get(i),
                        PixelCalibration.NONE), "measurements of object " + (i + 1));
            }
            int crossing = crossing(many, plan, w);
            assertTrue(crossing >= discs, "discs across tile borders: " + crossing + " of " + one.count());
        }
    }

    private static boolean near(long v, Set<Long> borders) {
        for (long b : borders) if (Math.abs(v - b) < 22) return true;
        return false;
    }

    /** A bright disc with noise, the centre anywhere (half pixels put it on a border). */
    private static void disc(float[] pixels, int w, int h, double cx, double cy, double r, Random random) {
        for (int y = (int) Math.max(0, cy - r - 1); y < Math.min(h, cy + r + 1); y++) {
            for (int x = (int) Math.max(0, cx - r - 1); x < Math.min(w, cx + r + 1); x++) {
                if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r) pixels[y * w + x] = 160 + 15 * (float) random.nextGaussian();
            }
        }
    }

    /** Objects with pixels in the valid regions of two or more tiles. */
    private static int crossing(Instances instances, TilePlan plan, int w) {
        int[] ids = instances.planes().get(0).labels();
        int crossing = 0;
        for (MeasuredObject o : instances.objects()) {
            long first = -1;
            boolean twoTiles = false;
            for (int y = o.boxY(); y < o.boxY() + o.boxHeight() && !twoTiles; y++) {
                for (int x = o.boxX(); x < o.boxX() + o.boxWidth() && !twoTiles; x++) {
                    if (ids[y * w + x] != o.label()) continue;
                    long v = validTile(plan, x, y);
                    if (first < 0) first = v;
                    else if (v != first) twoTiles = true;
                }
            }
            if (twoTiles) crossing++;
        }
        return crossing;
    }

    /** The index of the tile whose valid centre holds (x, y). */
    private static long validTile(TilePlan plan, int x, int y) {
        for (TilePlan.Tile t : plan) {
            Interval v = t.valid();
            if (x >= v.min(0) && x <= v.max(0) && y >= v.min(1) && y <= v.max(1)) return t.index();
        }
        throw new AssertionError("no tile holds " + x + ", " + y);
    }

    private static Instances decode(Segmenter s, RandomAccessibleInterval<? extends RealType<?>> image, InstancePostProcessing p) {
        return Instances.decode(segment(s, image).probabilities(), image, p);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SegmentationOutputs segment(Segmenter s, RandomAccessibleInterval<? extends RealType<?>> image) {
        return s.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(2), true, false, ProgressListener.NONE, new CancelToken());
    }
}
