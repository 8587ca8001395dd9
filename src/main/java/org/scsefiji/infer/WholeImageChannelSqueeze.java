package org.scsefiji.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.scsefiji.nn.SqueezeContext;

/**
 * Channel squeezes over the image's valid region only, never over halos, so that tiled and untiled
 * runs squeeze the same pixels. For one forward over a batch of tiles of the same input size.
 *
 * <p>A feature map of h x w cells from a tile of H x W input pixels has cells of s = H / h pixels. A
 * tile whose valid centre is v pixels wide, starting a halo of {@code halo} pixels into the input,
 * squeezes cells [halo / s, ceil((halo + v) / s)). Valid centres start at multiples of the size
 * multiple, so over all tiles of an image these windows partition the cells covering the image,
 * exactly as the window of a single tile does. Sums are taken in double and means rounded to float
 * once, so the order of summation hardly matters.
 *
 * <p>Four modes: {@link #local} squeezes each batch item over its own window (each item is a whole
 * image); {@link #collect} uses the known whole-image means of earlier sites, adds this batch's
 * window sums of site {@code j} to the image's statistics and stops the forward with
 * {@link SiteCollected}; {@link #apply} uses the known means at every site; {@link #staged} adds this
 * batch's window sums of every site and waits (the forward paused) until all tiles have added theirs.
 */
final class WholeImageChannelSqueeze implements SqueezeContext {
    private static final long BAND_BYTES = 8L << 20;
    private final int halo;
    private final long tileHeight;
    private final long tileWidth;
    /** Per batch item: height and width of the valid centre, in pixels. */
    private final long[] validHeight;
    private final long[] validWidth;
    private final ImageSqueezeStatistics statistics;
    private final int collectSite;
    private final SiteWait wait;
    private int site;

    /** Blocks a paused forward until the whole-image means of a site are known. */
    interface SiteWait {
        void awaitMeans(int site);
    }

    private WholeImageChannelSqueeze(int halo, int[] tileSize, long[] validWidth, long[] validHeight,
            ImageSqueezeStatistics statistics, int collectSite, SiteWait wait) {
        this.halo = halo;
        this.tileWidth = tileSize[0];
        this.tileHeight = tileSize[1];
        this.validWidth = validWidth;
        this.validHeight = validHeight;
        this.statistics = statistics;
        this.collectSite = collectSite;
        this.wait = wait;
    }

    /** Each batch item is a whole image (a single-tile plan). */
    static WholeImageChannelSqueeze local(int halo, int[] tileSize, long[] validWidth, long[] validHeight) {
        return new WholeImageChannelSqueeze(halo, tileSize, validWidth, validHeight, null, -1, null);
    }

    /** All batch items are tiles of one image; record site {@code site}, then stop. */
    static WholeImageChannelSqueeze collect(int halo, int[] tileSize, long[] validWidth, long[] validHeight,
            ImageSqueezeStatistics statistics, int site) {
        if (statistics.knownSites() != site) throw new IllegalStateException("site " + site + " collected out of order");
        return new WholeImageChannelSqueeze(halo, tileSize, validWidth, validHeight, statistics, site, null);
    }

    /** All batch items are tiles of one image whose every site mean is known. */
    static WholeImageChannelSqueeze apply(int halo, int[] tileSize, long[] validWidth, long[] validHeight, ImageSqueezeStatistics statistics) {
        return new WholeImageChannelSqueeze(halo, tileSize, validWidth, validHeight, statistics, -1, null);
    }

    /** All batch items are tiles of one image whose forwards pause at every site until {@code wait} returns. */
    static WholeImageChannelSqueeze staged(int halo, int[] tileSize, long[] validWidth, long[] validHeight,
            ImageSqueezeStatistics statistics, SiteWait wait) {
        return new WholeImageChannelSqueeze(halo, tileSize, validWidth, validHeight, statistics, -1, wait);
    }

    /** Squeezes this forward has reached so far. */
    int sites() {
        return site;
    }

    @Override
    public NDArray squeeze(NDArray features) {
        int k = site++;
        Shape shape = features.getShape();
        int n = (int) shape.get(0);
        int c = (int) shape.get(1);
        if (n != validWidth.length) throw new IllegalStateException("squeeze saw " + n + " batch items, expected " + validWidth.length);
        if (statistics == null) return means(features, windowSums(features), windowCounts(features));
        if (wait != null && k == statistics.knownSites()) {
            addWindowSums(features, k, c);
            wait.awaitMeans(k);
        }
        if (k < statistics.knownSites()) return broadcast(features, statistics.means(k), n, c);
        if (k == collectSite) {
            addWindowSums(features, k, c);
            throw new SiteCollected();
        }
        throw new IllegalStateException("The network squeezed its features " + (k + 1) + " times in one pass, more than the "
                + statistics.knownSites() + " it squeezed when its whole-image statistics were measured");
    }

    private void addWindowSums(NDArray features, int k, int channels) {
        long total = 0;
        for (long count : windowCounts(features)) total += count;
        statistics.add(k, windowSums(features), total, channels);
    }

    /** Per item and channel: the double sum of the item's window, (n * c) values, item-major. */
    private double[] windowSums(NDArray features) {
        return windowSums(features, BAND_BYTES);
    }

    /** {@link #windowSums(NDArray)}, converting bands of about {@code bandBytes} at a time. */
    double[] windowSums(NDArray features, long bandBytes) {
        Shape s = features.getShape();
        int n = (int) s.get(0);
        int c = (int) s.get(1);
        long cellH = cell(tileHeight, s.get(2), "height");
        long cellW = cell(tileWidth, s.get(3), "width");
        double[] sums = new double[n * c];
        int i = 0;
        while (i < n) {
            // Consecutive items with the same window are summed in one call.
            int j = i + 1;
            while (j < n && validWidth[j] == validWidth[i] && validHeight[j] == validHeight[i]) j++;
            long y0 = halo / cellH;
            long x0 = halo / cellW;
            long y1 = TilePlan.ceilDiv(halo + validHeight[i], cellH);
            long x1 = TilePlan.ceilDiv(halo + validWidth[i], cellW);
            // In bands of rows: a double copy of the whole window is twice the feature map (960 MB for a 1632 x 2304
            // tile of 32 features), which raised the segment's peak memory by about a fifth; a band of 8 MB does not.
            long rowBytes = (long) (j - i) * c * (x1 - x0) * Double.BYTES;
            long band = Math.max(1, bandBytes / Math.max(1, rowBytes));
            for (long r = y0; r < y1; r += band) {
                try (NDArray rows = features.get(new NDIndex("{}:{}, :, {}:{}, {}:{}", i, j, r, Math.min(y1, r + band), x0, x1));
                        NDArray wide = rows.toType(DataType.FLOAT64, false); NDArray part = wide.sum(new int[] {2, 3})) {
                    double[] p = part.toDoubleArray();
                    for (int k = 0; k < p.length; k++) sums[i * c + k] += p[k];
                }
            }
            i = j;
        }
        return sums;
    }

    private long[] windowCounts(NDArray features) {
        Shape s = features.getShape();
        long cellH = cell(tileHeight, s.get(2), "height");
        long cellW = cell(tileWidth, s.get(3), "width");
        long[] counts = new long[validWidth.length];
        for (int i = 0; i < counts.length; i++) {
            long h = TilePlan.ceilDiv(halo + validHeight[i], cellH) - halo / cellH;
            long w = TilePlan.ceilDiv(halo + validWidth[i], cellW) - halo / cellW;
            counts[i] = h * w;
        }
        return counts;
    }

    /** Input pixels per feature cell; the windows are exact only if cells tile the input and the halo. */
    private long cell(long tile, long cells, String what) {
        if (cells < 1 || tile % cells != 0 || halo % (tile / cells) != 0) {
            throw new IllegalStateException("A channel squeeze met a feature map of " + cells + " cells in " + what + " for a tile of "
                    + tile + " pixels with a halo of " + halo + "; tiled inference needs feature cells that evenly divide "
                    + "both (the network's size multiple is probably wrong)");
        }
        return tile / cells;
    }

    private static NDArray means(NDArray features, double[] sums, long[] counts) {
        int n = counts.length;
        int c = sums.length / n;
        float[] m = new float[sums.length];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) m[i * c + ch] = (float) (sums[i * c + ch] / counts[i]);
        }
        return features.getManager().create(m, new Shape(n, c)).toType(features.getDataType(), false);
    }

    private static NDArray broadcast(NDArray features, float[] channelMeans, int n, int c) {
        if (channelMeans.length != c) {
            throw new IllegalStateException("squeeze site has " + c + " channels now but had " + channelMeans.length + " before");
        }
        float[] m = new float[n * c];
        for (int i = 0; i < n; i++) System.arraycopy(channelMeans, 0, m, i * c, c);
        return features.getManager().create(m, new Shape(n, c)).toType(features.getDataType(), false);
    }

    /** Stops a forward once the wanted site is recorded; carries no stack trace. */
    static final class SiteCollected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SiteCollected() {
            super("squeeze site collected", null, false, false);
        }
    }
}
