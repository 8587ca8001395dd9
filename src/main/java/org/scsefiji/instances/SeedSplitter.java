package org.scsefiji.instances;

import java.util.Arrays;

/**
 * Splits the seed regions of {@link InstanceDecoder} at necks, so that touching objects whose interiors stay
 * connected get one seed each: the h-maxima of the Euclidean distance of each seed pixel to the nearest
 * non-seed pixel (pixels outside the plane do not count as non-seed).
 * <p>
 * A region's pixels are visited from the largest distance down (ties: lower index first) and joined by
 * union-find, which builds the region's tree of maxima. Where two parts meet, at distance {@code d}, the
 * part with the lower maximum {@code m} is an object of its own when {@code m - d >= height} (its dynamic);
 * otherwise it is a bump of the other part. Each maximum that stands is a seed: the pixels connected to it
 * whose distance exceeds that of the first neck where it met another standing maximum (the whole region
 * when it met none, so a region without necks stays one seed, as without splitting). The region's other
 * pixels (the necks and the rims below them) are no seed: the watershed shares them out.
 * <p>
 * Memory: two int arrays of the plane's size and buffers of the largest region's size; time
 * O(k log k) for a region of k pixels (one sort).
 */
final class SeedSplitter {
    private static final int PENDING = -4;
    private final double height;
    private final int width;
    /** Squared distance to the nearest non-seed pixel; 0 outside the seeds. */
    private final int[] distance;
    /** A pixel's place in its region's visiting order. */
    private final int[] rank;
    private long[] order = new long[0];
    private int[] parent = new int[0];
    /** Per rank: the distance of the first neck where this maximum met another standing maximum; -1 before. */
    private int[] neck = new int[0];
    /** Per rank: whether the maximum at this rank stands (is a seed). */
    private boolean[] stands = new boolean[0];

    /**
     * @param lab per pixel, {@code seed} on seed pixels
     * @param height the dynamic (in pixels) a maximum needs to be a seed of its own, &gt; 0
     */
    SeedSplitter(int[] lab, int seed, int width, int height, double minHeight) {
        if (!(minHeight > 0)) throw new IllegalArgumentException("the split height must be > 0, got " + minHeight);
        this.height = minHeight;
        this.width = width;
        this.distance = DistanceTransform.squaredDistances(lab, seed, width, height);
        this.rank = new int[lab.length];
    }

    /**
     * Splits one region: its pixels are {@code pixels[0..size)} and hold {@code next} in {@code lab}. Gives each
     * seed an id from {@code next} on and the region's other pixels {@code unlabelled}; returns the next free id.
     */
    int split(int[] lab, int[] pixels, int size, int next, int unlabelled) {
        int id = next;
        if (order.length < size) {
            int capacity = Math.max(size, order.length * 2);
            order = new long[capacity];
            parent = new int[capacity];
            neck = new int[capacity];
            stands = new boolean[capacity];
        }
        for (int k = 0; k < size; k++) order[k] = (long) (Integer.MAX_VALUE - distance[pixels[k]]) << 32 | pixels[k];
        Arrays.sort(order, 0, size);
        for (int r = 0; r < size; r++) {
            int i = (int) order[r];
            rank[i] = r;
            parent[r] = r;
            neck[r] = -1;
            stands[r] = false;
        }
        int n = lab.length;
        for (int r = 0; r < size; r++) {
            int i = (int) order[r];
            int level = distance[i];
            int x = i % width;
            if (x > 0) join(r, i - 1, level, lab, id);
            if (x < width - 1) join(r, i + 1, level, lab, id);
            if (i >= width) join(r, i - width, level, lab, id);
            if (i + width < n) join(r, i + width, level, lab, id);
        }
        stands[0] = true; // the region's highest maximum, never outranked
        for (int k = 0; k < size; k++) lab[pixels[k]] = PENDING;
        int[] queue = parent; // the tree is no longer needed
        for (int r = 0; r < size; r++) {
            if (!stands[r]) continue;
            int start = (int) order[r];
            if (lab[start] != PENDING) continue; // cannot happen: standing regions are disjoint
            next = grow(lab, start, neck[r], next, queue);
        }
        for (int k = 0; k < size; k++) if (lab[pixels[k]] == PENDING) lab[pixels[k]] = unlabelled;
        return next;
    }

    /** Joins the part of rank {@code r} with that of neighbour {@code j} if j is in the region and visited. */
    private void join(int r, int j, int level, int[] lab, int id) {
        if (lab[j] != id) return;
        int q = rank[j];
        if (q >= r) return;
        int a = find(r);
        int b = find(q);
        if (a == b) return;
        // a part's root is its maximum, the first of its pixels visited; the lower maximum is the later one
        int high = Math.min(a, b);
        int low = Math.max(a, b);
        if (neck[low] >= 0 || Math.sqrt(distance[(int) order[low]]) - Math.sqrt(level) >= height) {
            stands[low] = true;
            if (neck[low] < 0) neck[low] = level;
            if (neck[high] < 0) neck[high] = level;
        }
        parent[low] = high;
    }

    private int find(int r) {
        int root = r;
        while (parent[root] != root) root = parent[root];
        while (parent[r] != root) {
            int up = parent[r];
            parent[r] = root;
            r = up;
        }
        return root;
    }

    /** Gives id {@code next} to the pending pixels connected to {@code start} whose squared distance exceeds {@code above}. */
    private int grow(int[] lab, int start, int above, int next, int[] queue) {
        FloodFill.fill(lab, width, start, next, j -> lab[j] == PENDING && distance[j] > above, queue);
        return next + 1;
    }
}
