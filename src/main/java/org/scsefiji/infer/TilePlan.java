package org.scsefiji.infer;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;

/**
 * How an image is cut into network inputs so that the result does not depend on the cut.
 *
 * <p>Every tile has the same input size (a multiple of the network's size multiple, so the network
 * never pads) and writes only its valid centre. Around the valid centre lies a halo of
 * {@link #halo()} pixels: the receptive radius rounded up to the size multiple. Valid centres start at
 * multiples of the valid step from the image minimum, and inputs start a halo before them, so every
 * input starts at a multiple of the size multiple relative to the image minimum and all tiles pool
 * on the same grid. Inputs reach beyond the image; the segmenter fills that with the mirrored image.
 * A dimension that fits into one tile gets one input of the image size rounded up plus both halos
 * (this is what "untiled" means). All indices are long: images may exceed 2^31 pixels; the tiles
 * themselves must stay small enough for one array.
 */
public final class TilePlan implements Iterable<TilePlan.Tile> {
    /**
     * The most pixels one tile input may have: a tile's input, logits and probabilities are copied through Java
     * arrays, indexed by int; this leaves room for 64 values per pixel.
     */
    public static final long MAX_TILE_PIXELS = Integer.MAX_VALUE / 64;

    private final long[] min;
    private final long[] size;
    private final int sizeMultiple;
    private final int halo;
    private final int[] tileSize;
    private final long[] tiles;
    private final long tileCount;

    private TilePlan(Interval image, int sizeMultiple, int halo, int[] tileSize) {
        int n = image.numDimensions();
        this.min = image.minAsLongArray();
        this.size = image.dimensionsAsLongArray();
        this.sizeMultiple = sizeMultiple;
        this.halo = halo;
        this.tileSize = tileSize;
        this.tiles = new long[n];
        long count = 1;
        for (int d = 0; d < n; d++) {
            tiles[d] = ceilDiv(size[d], tileSize[d] - 2L * halo);
            count = Math.multiplyExact(count, tiles[d]);
        }
        this.tileCount = count;
    }

    /**
     * A plan with tiles of at most {@code tileSize} input pixels per dimension (halo included).
     * Dimensions whose whole extent plus halos fits get one tile.
     *
     * @throws IllegalArgumentException if the tile is too small to hold both halos and a valid centre
     */
    public static TilePlan withTileSize(Interval image, int sizeMultiple, int receptiveRadius, int tileSize) {
        int halo = halo(sizeMultiple, receptiveRadius);
        int smallest = smallestTile(sizeMultiple, halo);
        if (tileSize < smallest) {
            throw new IllegalArgumentException("A tile size of " + tileSize + " pixels is too small for this network: each tile"
                    + " needs a margin of " + halo + " pixels on every side and a centre of at least " + sizeMultiple
                    + " pixels, so use a tile size of at least " + smallest + ".");
        }
        int[] t = new int[image.numDimensions()];
        for (int d = 0; d < t.length; d++) {
            long whole = wholeInput(image.dimension(d), sizeMultiple, halo);
            t[d] = (int) Math.min(whole, (long) tileSize / sizeMultiple * sizeMultiple);
        }
        return checked(new TilePlan(image, sizeMultiple, halo, t));
    }

    /**
     * A plan whose tile inputs have at most {@code pixelBudget} pixels (but at least the smallest tile
     * the network allows): one tile if the whole image fits, else as few tiles as possible, with
     * dimensions that fit whole kept whole.
     */
    public static TilePlan withPixelBudget(Interval image, int sizeMultiple, int receptiveRadius, long pixelBudget) {
        int halo = halo(sizeMultiple, receptiveRadius);
        int n = image.numDimensions();
        int smallest = smallestTile(sizeMultiple, halo);
        long[] whole = new long[n];
        Integer[] order = new Integer[n];
        for (int d = 0; d < n; d++) {
            whole[d] = wholeInput(image.dimension(d), sizeMultiple, halo);
            order[d] = d;
        }
        // Smallest dimensions first: each takes its whole extent if its share of the budget allows.
        Arrays.sort(order, (a, b) -> Long.compare(whole[a], whole[b]));
        int[] t = new int[n];
        double budget = Math.max(1, pixelBudget);
        for (int i = 0; i < n; i++) {
            int d = order[i];
            double share = Math.pow(budget, 1.0 / (n - i));
            long side = Math.max(smallest, (long) Math.floor(share / sizeMultiple) * sizeMultiple);
            t[d] = (int) Math.min(Math.min(whole[d], side), Integer.MAX_VALUE / sizeMultiple * sizeMultiple);
            budget = Math.max(1, budget / t[d]);
        }
        return checked(new TilePlan(image, sizeMultiple, halo, t));
    }

    /**
     * A plan with {@code counts[d]} tiles along dimension d (fewer where that many are not needed), all
     * as small as the count allows: the valid centre is the extent divided by the count, rounded up to
     * the size multiple, so no tile computes much more margin than it must.
     */
    public static TilePlan withTileCounts(Interval image, int sizeMultiple, int receptiveRadius, long[] counts) {
        int halo = halo(sizeMultiple, receptiveRadius);
        int[] t = new int[image.numDimensions()];
        for (int d = 0; d < t.length; d++) t[d] = balancedSide(image.dimension(d), counts[d], sizeMultiple, halo);
        return checked(new TilePlan(image, sizeMultiple, halo, t));
    }

    /** The input side of {@link #withTileCounts}: of {@code count} tiles covering {@code extent}. */
    static int balancedSide(long extent, long count, int sizeMultiple, int halo) {
        if (count < 1) throw new IllegalArgumentException("tile count must be >= 1, got " + count);
        long valid = Math.max(sizeMultiple, ceilDiv(ceilDiv(extent, count), sizeMultiple) * sizeMultiple);
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.min(wholeInput(extent, sizeMultiple, halo), valid + 2L * halo));
    }

    private static TilePlan checked(TilePlan plan) {
        long pixels = 1;
        for (int s : plan.tileSize) pixels *= s;
        if (pixels > MAX_TILE_PIXELS) {
            throw new IllegalArgumentException("Tiles of " + Arrays.toString(plan.tileSize) + " pixels are too large for one "
                    + "network input; choose a smaller tile size.");
        }
        return plan;
    }

    /** The receptive radius rounded up to the size multiple. */
    public static int halo(int sizeMultiple, int receptiveRadius) {
        if (sizeMultiple < 1) throw new IllegalArgumentException("size multiple must be >= 1, got " + sizeMultiple);
        if (receptiveRadius < 0) throw new IllegalArgumentException("receptive radius must be >= 0, got " + receptiveRadius);
        return (int) ceilDiv(receptiveRadius, sizeMultiple) * sizeMultiple;
    }

    /** The smallest tile input a network allows: both halos and one size multiple of valid centre. */
    public static int smallestTile(int sizeMultiple, int halo) {
        return 2 * halo + sizeMultiple;
    }

    private static long wholeInput(long extent, int sizeMultiple, int halo) {
        return ceilDiv(extent, sizeMultiple) * sizeMultiple + 2L * halo;
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    public int numDimensions() {
        return size.length;
    }

    public int sizeMultiple() {
        return sizeMultiple;
    }

    /** Margin, in pixels, between a tile's input border and its valid centre. */
    public int halo() {
        return halo;
    }

    /** Input size of every tile, halo included, per dimension. */
    public int[] tileSize() {
        return tileSize.clone();
    }

    /** The largest valid centre of a tile (tile size minus both halos), per dimension. */
    public int[] validSize() {
        int[] v = tileSize.clone();
        for (int d = 0; d < v.length; d++) v[d] -= 2 * halo;
        return v;
    }

    /** Number of tiles along each dimension. */
    public long[] tilesPerDimension() {
        return tiles.clone();
    }

    public long tileCount() {
        return tileCount;
    }

    public boolean isSingleTile() {
        return tileCount == 1;
    }

    /** Tile {@code index}, dimension 0 varying fastest. */
    public Tile tile(long index) {
        if (index < 0 || index >= tileCount) throw new IndexOutOfBoundsException("tile " + index + " of " + tileCount);
        int n = size.length;
        long[] inMin = new long[n];
        long[] inMax = new long[n];
        long[] validMin = new long[n];
        long[] validMax = new long[n];
        long rest = index;
        for (int d = 0; d < n; d++) {
            long i = rest % tiles[d];
            rest /= tiles[d];
            long step = tileSize[d] - 2L * halo;
            long start = i * step;
            validMin[d] = min[d] + start;
            validMax[d] = min[d] + Math.min(size[d], start + step) - 1;
            inMin[d] = validMin[d] - halo;
            inMax[d] = inMin[d] + tileSize[d] - 1;
        }
        return new Tile(index, new FinalInterval(inMin, inMax), new FinalInterval(validMin, validMax));
    }

    @Override
    public Iterator<Tile> iterator() {
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < tileCount;
            }

            @Override
            public Tile next() {
                if (!hasNext()) throw new NoSuchElementException();
                return tile(next++);
            }
        };
    }

    @Override
    public String toString() {
        return tileCount + " tile(s) of " + Arrays.toString(tileSize) + " pixels, halo " + halo;
    }

    /** One network input and the part of the image it is responsible for. */
    public static final class Tile {
        private final long index;
        private final Interval input;
        private final Interval valid;

        Tile(long index, Interval input, Interval valid) {
            this.index = index;
            this.input = input;
            this.valid = valid;
        }

        public long index() {
            return index;
        }

        /** What the network sees, in image coordinates (may extend beyond the image). */
        public Interval input() {
            return input;
        }

        /** What this tile writes: inside the image, a halo inside {@link #input()}. */
        public Interval valid() {
            return valid;
        }

        @Override
        public String toString() {
            return "tile " + index + " input " + Arrays.toString(input.minAsLongArray()) + ".." + Arrays.toString(input.maxAsLongArray());
        }
    }
}
