package org.scsefiji.infer;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole-image channel means of one image at each squeeze site, measured site by site over all its
 * tiles (see {@link WholeImageChannelSqueeze}). Sums are kept in double; a site's means are rounded to float
 * once, exactly as a single-tile squeeze rounds them.
 */
final class ImageSqueezeStatistics {
    private final List<float[]> means = new ArrayList<>();
    private double[] sums;
    private long count;

    /** Sites whose means are known: 0 .. knownSites() - 1. */
    int knownSites() {
        return means.size();
    }

    float[] means(int site) {
        return means.get(site);
    }

    /** Adds window sums ({@code items * channels} values, item-major) covering {@code cells} cells. */
    void add(int site, double[] itemSums, long cells, int channels) {
        if (site != means.size()) throw new IllegalStateException("site " + site + " measured out of order");
        if (sums == null) sums = new double[channels];
        if (sums.length != channels) throw new IllegalStateException("squeeze site " + site + " changed its channel count");
        for (int i = 0; i < itemSums.length; i++) sums[i % channels] += itemSums[i];
        count += cells;
    }

    /** Turns the sums gathered for the next site into its means. */
    void finishSite() {
        if (sums == null || count == 0) throw new IllegalStateException("no tile reached squeeze site " + means.size());
        float[] m = new float[sums.length];
        for (int ch = 0; ch < m.length; ch++) m[ch] = (float) (sums[ch] / count);
        means.add(m);
        sums = null;
        count = 0;
    }
}
