package org.scsefiji.instances;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.infer.TilePlan;
import org.scsefiji.io.ImageIoReader;
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

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void tiledEqualsOneTileAndBorderObjectsAreWhole() throws Exception {
        Assumptions.assumeTrue(Files.exists(MODEL) && Files.exists(SAMPLE), "needs models/nuclei.scse and its sample image");
        RandomAccessibleInterval<? extends RealType<?>> image = new ImageIoReader().read(SAMPLE);
        try (ScseModel model = ModelFile.load(MODEL, Device.cpu())) {
            InstancePostProcessing p = (InstancePostProcessing) model.spec().postProcessing();
            Segmenter whole = new Segmenter(model).pixelBudget(1L << 40);
            int multiple = model.network().sizeMultiple();
            int halo = TilePlan.halo(multiple, model.network().receptiveRadius());
            int tile = (2 * halo + 96 + multiple - 1) / multiple * multiple; // valid centres of about 100 pixels: 3 x 3 tiles
            Segmenter tiled = new Segmenter(model).tileSize(tile);
            TilePlan plan = tiled.plan(image);
            assertTrue(plan.tileCount() >= 4, "tiles: " + plan);
            assertTrue(whole.plan(image).isSingleTile());

            Instances one = decode(whole, image, p);
            Instances many = decode(tiled, image, p);
            assertTrue(one.count() > 10, "the sample holds nuclei: " + one.count());
            assertEquals(one.count(), many.count());
            assertArrayEquals(one.planes().get(0).labels(), many.planes().get(0).labels());

            // objects with pixels in two tiles' valid regions: one id across the border
            int w = (int) image.dimension(0);
            int[] ids = many.planes().get(0).labels();
            int crossing = 0;
            for (MeasuredObject o : many.objects()) {
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
            assertTrue(crossing >= 3, "nuclei across tile borders: " + crossing);
        }
    }

    /** The index of the tile whose valid centre holds (x, y). */
    private static long validTile(TilePlan plan, int x, int y) {
        for (TilePlan.Tile t : plan) {
            Interval v = t.valid();
            if (x >= v.min(0) && x <= v.max(0) && y >= v.min(1) && y <= v.max(1)) return t.index();
        }
        throw new AssertionError("no tile holds " + x + ", " + y);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Instances decode(Segmenter s, RandomAccessibleInterval<? extends RealType<?>> image, InstancePostProcessing p) {
        SegmentationOutputs out = s.segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(2), true, false, ProgressListener.NONE,
                new CancelToken());
        return Instances.decode(out.probabilities(), image, p);
    }
}
