package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.util.Intervals;
import org.junit.jupiter.api.Test;

class TilePlanTest {
    @Test
    void validCentresCoverEveryPixelOnceAndInputsAreAligned() {
        Random r = new Random(3);
        for (int m : new int[] {1, 2, 4, 16}) {
            for (int radius : new int[] {0, 3, 13, 40}) {
                int halo = TilePlan.halo(m, radius);
                assertTrue(halo >= radius && halo % m == 0 && halo < radius + m);
                for (int trial = 0; trial < 4; trial++) {
                    long w = 1 + r.nextInt(300);
                    long h = 1 + r.nextInt(200);
                    Interval image = FinalInterval.createMinSize(r.nextInt(2000) - 1000, r.nextInt(2000) - 1000, w, h);
                    int tile = TilePlan.smallestTile(m, halo) + r.nextInt(80);
                    checkPlan(TilePlan.withTileSize(image, m, radius, tile), image, m, halo);
                    checkPlan(TilePlan.withPixelBudget(image, m, radius, 1 + r.nextInt(40000)), image, m, halo);
                    long[] counts = {1 + r.nextInt(5), 1 + r.nextInt(5)};
                    TilePlan balanced = TilePlan.withTileCounts(image, m, radius, counts);
                    checkPlan(balanced, image, m, halo);
                    for (int d = 0; d < 2; d++) {
                        long tiles = balanced.tilesPerDimension()[d];
                        assertTrue(tiles <= counts[d], "at most the asked count: " + balanced);
                        long spare = tiles * balanced.validSize()[d] - image.dimension(d);
                        assertTrue(spare < tiles * m || tiles == 1, "less than a size multiple of spare centre per tile: " + balanced);
                    }
                }
            }
        }
    }

    private static void checkPlan(TilePlan plan, Interval image, int m, int halo) {
        long w = image.dimension(0);
        int[] covered = new int[(int) Intervals.numElements(image)];
        int[] size = plan.tileSize();
        for (int s : size) assertEquals(0, s % m, "tile size is a multiple of " + m);
        long count = 0;
        for (TilePlan.Tile t : plan) {
            count++;
            Interval in = t.input();
            Interval v = t.valid();
            for (int d = 0; d < 2; d++) {
                assertEquals(size[d], in.dimension(d), "all tiles have the same input size");
                assertEquals(0, Math.floorMod(in.min(d) - image.min(d), m), "input starts on the pooling grid");
                assertEquals(in.min(d) + halo, v.min(d), "valid centre starts one halo in");
                assertTrue(v.max(d) <= in.max(d) - halo, "valid centre ends at least one halo before the input end");
                assertTrue(v.min(d) >= image.min(d) && v.max(d) <= image.max(d), "valid centre inside the image");
            }
            for (long y = v.min(1); y <= v.max(1); y++) {
                for (long x = v.min(0); x <= v.max(0); x++) covered[(int) ((y - image.min(1)) * w + x - image.min(0))]++;
            }
        }
        assertEquals(plan.tileCount(), count);
        assertTrue(Arrays.stream(covered).allMatch(c -> c == 1), "every pixel in exactly one valid centre: " + plan);
    }

    @Test
    void anImageThatFitsIsOneTileOfItsSizeRoundedUpPlusHalos() {
        Interval image = FinalInterval.createMinSize(-37, 1234, 101, 77);
        TilePlan plan = TilePlan.withTileSize(image, 4, 10, 10_000);
        assertTrue(plan.isSingleTile());
        assertEquals(12, plan.halo());
        assertTrue(Arrays.equals(new int[] {104 + 24, 80 + 24}, plan.tileSize()));
        assertTrue(Intervals.equals(image, plan.tile(0).valid()));
        assertTrue(TilePlan.withPixelBudget(image, 4, 10, 128 * 104).isSingleTile());
        assertEquals(2, TilePlan.withPixelBudget(image, 4, 10, 128 * 104 - 1).tileCount());
    }

    @Test
    void aBudgetBoundsTilePixelsAndKeepsAThinDimensionWhole() {
        Interval strip = FinalInterval.createMinSize(5, -5, 100_000, 40);
        TilePlan plan = TilePlan.withPixelBudget(strip, 16, 40, 1 << 20);
        int[] t = plan.tileSize();
        assertEquals(48 + 96, t[1], "the 40-pixel height fits whole");
        assertEquals(1, plan.tilesPerDimension()[1]);
        assertTrue((long) t[0] * t[1] <= 1 << 20);
        assertTrue((long) (t[0] + 16) * t[1] > 1 << 20, "the tile fills the budget");
    }

    @Test
    void aTooSmallTileIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TilePlan.withTileSize(new FinalInterval(100, 100), 16, 100, 200));
        assertEquals("A tile size of 200 pixels is too small for this network: each tile needs a margin of 112 pixels on every"
                + " side and a centre of at least 16 pixels, so use a tile size of at least 240.", e.getMessage());
    }

    @Test
    void plansBeyond2To31PixelsAndTilesWithLongIndices() {
        Interval huge = FinalInterval.createMinSize(-7, 3, 60_000, 50_000);
        assertTrue(Intervals.numElements(huge) > Integer.MAX_VALUE);
        TilePlan plan = TilePlan.withTileSize(huge, 16, 100, 1024);
        long pixels = 0;
        Interval last = null;
        for (TilePlan.Tile t : plan) {
            pixels += Intervals.numElements(t.valid());
            last = t.valid();
        }
        assertEquals(Intervals.numElements(huge), pixels);
        assertEquals(huge.max(0), last.max(0));
        assertEquals(huge.max(1), last.max(1));

        Interval enormous = FinalInterval.createMinSize(-1L << 40, 1L << 40, 1L << 36, 1L << 36);
        TilePlan many = TilePlan.withTileSize(enormous, 4, 10, 64);
        assertTrue(many.tileCount() > Integer.MAX_VALUE);
        TilePlan.Tile end = many.tile(many.tileCount() - 1);
        assertEquals(enormous.max(0), end.valid().max(0));
        assertEquals(enormous.max(1), end.valid().max(1));
        assertEquals(0, Math.floorMod(end.input().min(0) - enormous.min(0), 4));
    }
}
