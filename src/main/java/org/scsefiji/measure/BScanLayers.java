package org.scsefiji.measure;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * The layer boundaries of one B-scan found from its OCT label image ({@link OctLayers}), per A-scan (column), as
 * depths in pixels from the top edge of the image (a boundary between rows z-1 and z is at depth z).
 *
 * <p>How a boundary is placed: boundary k (0 = ILM .. 7 = BM) separates the classes up to k (vitreous, layers
 * 1..k) from those below (layers k+1..7, choroid). In each column it goes at the depth that leaves the fewest
 * pixels on the wrong side: a clean, ordered column gives exactly its class edges, and a stray misclassified
 * pixel or two cannot move it. Fluid (and unknown) pixels count on neither side, so a fluid pocket between two
 * layers puts their boundary in the middle of the pocket (several equally good depths: the middle one). The
 * boundaries are then made non-decreasing with depth.
 *
 * <p>Consequences for thickness: layer k is the distance between boundaries k-1 and k, the retina (ILM to BM) is
 * the sum of the seven layers, and fluid inside the retina counts towards the retina total and towards the
 * layers whose boundaries enclose it. A column without any layer pixel (1..7) has no retina: all its boundaries
 * are NaN. Fluid is counted per column only between its ILM and BM (the model's fluid specks in the vitreous or
 * choroid are left out).
 */
public final class BScanLayers {
    private final int width;
    /** [boundary][column], depth in pixels; NaN for columns without retina. */
    private final float[][] boundaries;
    /** Per column: fluid pixels whose centre lies between ILM and BM. */
    private final int[] fluidPixels;

    private BScanLayers(int width, float[][] boundaries, int[] fluidPixels) {
        this.width = width;
        this.boundaries = boundaries;
        this.fluidPixels = fluidPixels;
    }

    /** From a 2-D label slice: X across, Y depth. */
    public static BScanLayers of(RandomAccessibleInterval<? extends IntegerType<?>> slice) {
        if (slice.numDimensions() != 2) throw new IllegalArgumentException("A B-scan label image is 2-D, got " + slice.numDimensions() + " dimensions");
        long w = slice.dimension(0), h = slice.dimension(1);
        if (w * h > Integer.MAX_VALUE) throw new IllegalArgumentException("B-scan of " + w + " x " + h + " is too large");
        int[] labels = new int[(int) (w * h)];
        Cursor<? extends IntegerType<?>> c = Views.flatIterable(slice).cursor();
        for (int i = 0; i < labels.length; i++) labels[i] = c.next().getInteger();
        return of(labels, (int) w, (int) h);
    }

    /** From labels stored row after row ({@code labels[z * width + x]}). */
    public static BScanLayers of(int[] labels, int width, int height) {
        if (labels.length != (long) width * height) throw new IllegalArgumentException("Expected " + width + " x " + height + " labels, got " + labels.length);
        float[][] b = new float[OctLayers.BOUNDARIES][width];
        int[] fluid = new int[width];
        int[] rank = new int[height];
        for (int x = 0; x < width; x++) {
            boolean retina = false;
            for (int z = 0; z < height; z++) {
                int label = labels[z * width + x];
                rank[z] = OctLayers.rank(label);
                retina |= label >= OctLayers.FIRST_LAYER && label <= OctLayers.LAST_LAYER;
            }
            if (!retina) {
                for (float[] row : b) row[x] = Float.NaN;
                continue;
            }
            float previous = 0;
            for (int k = 0; k < OctLayers.BOUNDARIES; k++) {
                previous = Math.max(previous, split(rank, k));
                b[k][x] = previous;
            }
            float ilm = b[0][x], bm = b[OctLayers.BOUNDARIES - 1][x];
            for (int z = 0; z < height; z++) {
                if (labels[z * width + x] == OctLayers.FLUID && z + 0.5f > ilm && z + 0.5f < bm) fluid[x]++;
            }
        }
        return new BScanLayers(width, b, fluid);
    }

    /**
     * The depth t (0..height) minimising #(rows above t ranked deeper than k) + #(rows below t ranked k or
     * shallower); rows of rank -1 count for nothing. Ties: the middle of the first run of best depths.
     */
    private static float split(int[] rank, int k) {
        int cost = 0;
        for (int r : rank) if (r >= 0 && r <= k) cost++;
        int best = cost, bestStart = 0, bestEnd = 0;
        boolean inRun = true;
        for (int z = 0; z < rank.length; z++) {
            int r = rank[z];
            if (r > k) cost++;
            else if (r >= 0) cost--;
            int t = z + 1;
            if (cost < best) {
                best = cost;
                bestStart = t;
                bestEnd = t;
                inRun = true;
            } else if (cost == best && inRun) {
                bestEnd = t;
            } else {
                inRun = false;
            }
        }
        return (bestStart + bestEnd) / 2f;
    }

    public int width() {
        return width;
    }

    /** Depth in pixels of boundary {@code k} (0 ILM .. 7 BM) at column {@code x}; NaN where the column has no retina. */
    public float boundary(int k, int x) {
        return boundaries[k][x];
    }

    /** Thickness in pixels of layer {@code layer} (1..7) at column x, or of the retina (ILM-BM) for layer 0; NaN without retina. */
    public float thicknessPixels(int layer, int x) {
        if (layer == 0) return boundaries[OctLayers.BOUNDARIES - 1][x] - boundaries[0][x];
        return boundaries[layer][x] - boundaries[layer - 1][x];
    }

    /** True when column x has retina. */
    public boolean valid(int x) {
        return !Float.isNaN(boundaries[0][x]);
    }

    /** Fluid pixels between ILM and BM in column x. */
    public int fluidPixels(int x) {
        return fluidPixels[x];
    }
}
