package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.Localizable;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.NetworkSpec;

/** Segmenter behaviour beyond the tiling contract: user errors, huge lazy images, threads. */
class SegmenterTest {
    private static LoadedNetwork tiny(int channels) {
        return LoadedNetwork.load(new TinyScseNet(NetworkSpec.builder().features(8).classCount(3).inputChannels(channels).build(), 1), 3);
    }

    @Test
    void aChannelMismatchIsExplainedInWords() {
        try (LoadedNetwork one = tiny(1); LoadedNetwork three = tiny(3)) {
            RandomAccessibleInterval<FloatType> rgb = TestImages.ramp(new long[] {0, 0, 0}, new long[] {20, 20, 3}, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> one.segmenter().segment(rgb, new ImageAxes(3, 2), false, false, null, null));
            assertEquals("This model expects 1 channel, the image has 3.", e.getMessage());
            RandomAccessibleInterval<FloatType> gray = TestImages.ramp(new long[] {0, 0}, new long[] {20, 20}, 1);
            e = assertThrows(IllegalArgumentException.class,
                    () -> three.segmenter().segment(gray, ImageAxes.singleChannel(2), false, false, null, null));
            assertEquals("This model expects 3 channels, the image has 1.", e.getMessage());
        }
    }

    @Test
    void aWronglySizedOutputIsExplained() {
        try (LoadedNetwork n = tiny(1)) {
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {0, 0}, new long[] {20, 30}, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.segmenter().segment(image,
                    ImageAxes.singleChannel(2), SegmentationOutputs.labels(ArrayImgs.unsignedBytes(30, 20)), null, null));
            assertEquals("The label image is 30 x 20 pixels, but the image needs 20 x 30", e.getMessage());
        }
    }

    @Test
    void aLabelImageTooNarrowForTheClassesIsExplained() {
        NetworkSpec spec = NetworkSpec.builder().features(8).classCount(300).build();
        try (LoadedNetwork n = LoadedNetwork.load(new TinyScseNet(spec, 1), 3)) {
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {0, 0}, new long[] {20, 30}, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.segmenter().segment(image,
                    ImageAxes.singleChannel(2), SegmentationOutputs.labels(ArrayImgs.unsignedBytes(20, 30)), null, null));
            assertEquals("The label image holds values up to 255, too few for the 300 classes of this model; use a 16-bit label image.",
                    e.getMessage());
        }
    }

    @Test
    void gradModeIsOffOnTheWorkingThread() throws InterruptedException {
        try (LoadedNetwork n = tiny(1)) {
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {0, 0}, new long[] {20, 30}, 1);
            AtomicBoolean gradAfter = new AtomicBoolean(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    n.segmenter().segment(image, ImageAxes.singleChannel(2), false, false, null, null);
                    gradAfter.set(JniUtils.isGradMode());
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            worker.start();
            worker.join();
            assertEquals(null, failure.get());
            assertFalse(gradAfter.get());
        }
    }

    @Test
    void aMachineWithMuchMemoryStillPlansTilesThatOneInputCanHold() {
        // A 64 GB workstation's budget (tens of GB) once planned a 16k image as tiles of 48 million pixels, which the
        // plan then refused as too large for one network input: the user got an error instead of a segmentation.
        try (LoadedNetwork n = tiny(1)) {
            for (long budget : new long[] {40L << 30, 1L << 40}) {
                Segmenter segmenter = n.segmenter().memoryBudget(budget);
                assertTrue(segmenter.pixelBudget() <= TilePlan.MAX_TILE_PIXELS);
                for (long side : new long[] {6000, 16384}) {
                    TilePlan plan = segmenter.plan(new FinalInterval(side, side));
                    assertTrue((long) plan.tileSize()[0] * plan.tileSize()[1] <= TilePlan.MAX_TILE_PIXELS, plan.toString());
                    assertTrue(plan.tileCount() > 1, plan.toString());
                }
            }
        }
    }

    /**
     * A 60000 x 50000 image (3 x 10^9 pixels) that exists only as a function: a region far beyond linear
     * index 2^31 is segmented, tiled, and equals the same region copied into memory. The function
     * records what is read: nothing outside the region (so nothing big is materialised), and the
     * thread allocates a few megabytes, not the 12 GB of the image.
     */
    @Test
    void aRegionBeyondIndex2To31OfALazyImageIsSegmentedWithoutMaterialisingIt() {
        long width = 60_000;
        long height = 50_000;
        long[] touchedMin = {Long.MAX_VALUE, Long.MAX_VALUE};
        long[] touchedMax = {Long.MIN_VALUE, Long.MIN_VALUE};
        BiConsumer<Localizable, FloatType> pixel = (pos, value) -> {
            for (int d = 0; d < 2; d++) {
                touchedMin[d] = Math.min(touchedMin[d], pos.getLongPosition(d));
                touchedMax[d] = Math.max(touchedMax[d], pos.getLongPosition(d));
            }
            long x = pos.getLongPosition(0);
            long y = pos.getLongPosition(1);
            long h = (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
            h ^= h >>> 29;
            value.setReal((h & 255) + (x % 37 < 15 ? 2000 : 0) + 40.0 * (y % 13));
        };
        RandomAccessibleInterval<FloatType> lazy = Views.interval(new FunctionRandomAccessible<>(2, pixel, FloatType::new),
                new FinalInterval(width, height));
        assertTrue(Intervals.numElements(lazy) > Integer.MAX_VALUE);
        Interval region = FinalInterval.createMinSize(59_900, 45_000, 100, 61);
        assertTrue(region.min(1) * width + region.min(0) > Integer.MAX_VALUE);
        try (LoadedNetwork n = tiny(1)) {
            Segmenter segmenter = n.segmenter().tileSize(32);
            assertTrue(segmenter.plan(region).tileCount() > 1);

            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocatedBefore = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            SegmentationOutputs fromLazy = SegmentationOutputs.labels(ArrayImgs.unsignedBytes(100, 61))
                    .withProbabilities(ArrayImgs.floats(100, 61, 3));
            segmenter.segment(Views.interval(lazy, region), ImageAxes.singleChannel(2), fromLazy, null, null);
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedBefore;
            assertTrue(allocated < 256L << 20, "allocated " + allocated + " bytes");
            assertEquals(region.min(0), touchedMin[0]);
            assertEquals(region.min(1), touchedMin[1]);
            assertEquals(region.max(0), touchedMax[0]);
            assertEquals(region.max(1), touchedMax[1]);

            Img<FloatType> copy = ArrayImgs.floats(100, 61);
            Cursor<FloatType> from = Views.flatIterable(Views.interval(lazy, region)).cursor();
            for (FloatType t : Views.flatIterable(copy)) t.set(from.next());
            SegmentationOutputs fromMemory = segmenter.segment(Views.translate(copy, region.min(0), region.min(1)),
                    ImageAxes.singleChannel(2), true, false, null, null);
            SegmenterContract.assertLabelsEqual(fromMemory.labels(), fromLazy.labels());
            SegmenterContract.assertClose(fromMemory.probabilities(), fromLazy.probabilities(), 0);
            SegmenterContract.assertNotTrivial(fromMemory);
        }
    }

    @Test
    void pausedTileForwardsAndPassByPassStatisticsGiveTheUntiledResult() {
        try (LoadedNetwork n = tiny(1)) {
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {3, -4}, SegmenterContract.imageSize(n.network), 5);
            ImageAxes axes = ImageAxes.singleChannel(2);
            SegmentationOutputs whole = SegmenterContract.untiled(n).segment(image, axes, true, false, null, null);
            int tile = SegmenterContract.tileSize(n.network);
            for (boolean room : new boolean[] {true, false}) {
                Segmenter tiled = n.segmenter().tileSize(tile);
                if (!room) tiled.memoryBudget(1);
                assertTrue(tiled.plan(image).tileCount() >= 6);
                assertEquals(room, tiled.forwardsPerTile(tiled.plan(image)) == 1, "one forward per tile exactly when in lockstep");
                List<String> messages = new ArrayList<>();
                SegmentationOutputs parts = tiled.segment(image, axes, true, false, (f, m) -> messages.add(m), null);
                assertEquals(room, messages.stream().anyMatch(m -> m.contains("tile group")), "lockstep " + room + ": " + messages);
                SegmenterContract.assertLabelsEqual(whole.labels(), parts.labels());
                SegmenterContract.assertClose(whole.probabilities(), parts.probabilities(), SegmenterContract.PROBABILITY_TOLERANCE);
            }
        }
    }

    @Test
    void createdOutputsAreSmallArraysOrCells() {
        SegmentationOutputs small = SegmentationOutputs.allocate(new FinalInterval(30, 20, 4), 3, true, true);
        assertTrue(small.labels() instanceof net.imglib2.img.array.ArrayImg);
        assertTrue(Views.iterable(small.labels()).firstElement() instanceof UnsignedByteType);
        assertTrue(java.util.Arrays.equals(new long[] {30, 20, 4, 3}, small.probabilities().dimensionsAsLongArray()));
        assertTrue(java.util.Arrays.equals(new long[] {30, 20, 4, 2}, small.attention().dimensionsAsLongArray()));
        assertFalse(SegmentationOutputs.needsCells(SegmentationOutputs.ARRAY_IMG_LIMIT));
        assertTrue(SegmentationOutputs.needsCells(SegmentationOutputs.ARRAY_IMG_LIMIT + 1));
    }
}
