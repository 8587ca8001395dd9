package org.scsefiji.infer;

import java.util.List;
import org.scsefiji.model.RetinaAnatomy;

/**
 * The {@link RetinaAnatomy} post-processing: per A-scan (column, top to bottom) the most probable
 * labelling that keeps the anatomical order, found exactly by dynamic programming (Viterbi) over the
 * class probabilities with cost -log p per pixel.
 *
 * <p>The allowed sequences are those of an automaton whose states are: above; layer k (k = 1..n);
 * below; fluid at level k (inside the retina, after layer k, or right below "above" at level 1).
 * Going down a column a state may stay, or move: above to any layer, fluid level 1 or below; layer k
 * to any deeper layer, fluid level k or below; fluid level k back to layer k or deeper, or below;
 * below only stays. So every layer may be missing (fovea), fluid never lies above the retina or in
 * the choroid, and layers never come back above a deeper one. Columns are repaired independently (no
 * smoothness across columns); the cost is about 20 operations per pixel.
 */
public final class AnatomyRepair {
    /** Probabilities below this count as this (cost 16 per pixel at most), so no class is impossible. */
    static final float FLOOR = 1e-7f;

    private final int n;
    private final int states;
    /** Class of each state: 0 above, 1..n layers, n+1 below, n+2..2n+1 fluid at level 1..n. */
    private final int[] classOf;
    /** For the validity check: level (0 above, 1..n layer, n+1 below) of each class, -1 for fluid. */
    private final int[] levelOfClass;

    public AnatomyRepair(RetinaAnatomy anatomy) {
        List<Integer> layers = anatomy.layers();
        n = layers.size();
        if (n > 60) throw new IllegalArgumentException(RetinaAnatomy.TYPE + " supports up to 60 layers, got " + n);
        states = anatomy.hasFluid() ? 2 * n + 2 : n + 2;
        classOf = new int[states];
        classOf[0] = anatomy.above();
        for (int k = 1; k <= n; k++) classOf[k] = layers.get(k - 1);
        classOf[n + 1] = anatomy.below();
        for (int k = 1; k <= n && anatomy.hasFluid(); k++) classOf[n + 1 + k] = anatomy.fluid();
        int maxClass = 0;
        for (int c : classOf) maxClass = Math.max(maxClass, c);
        levelOfClass = new int[maxClass + 1];
        java.util.Arrays.fill(levelOfClass, Integer.MIN_VALUE);
        for (int s = 0; s <= n + 1; s++) levelOfClass[classOf[s]] = s;
        if (anatomy.hasFluid()) levelOfClass[anatomy.fluid()] = -1;
    }

    private boolean hasFluid() {
        return states > n + 2;
    }

    /**
     * Whether a column's labels (top to bottom, {@code labels[offset + y * stride]}) keep the order.
     * A class the anatomy does not name breaks it.
     */
    public boolean isValid(int[] labels, int offset, int stride, int height) {
        int level = 0;
        for (int y = 0; y < height; y++) {
            int c = labels[offset + y * stride];
            int l = c >= 0 && c < levelOfClass.length ? levelOfClass[c] : Integer.MIN_VALUE;
            if (l == Integer.MIN_VALUE) return false;
            if (l == -1) { // fluid: only inside the retina; right below "above" it starts the retina
                if (level == n + 1) return false;
                if (level == 0) level = 1;
            } else if (l == 0) {
                if (level != 0) return false;
            } else {
                if (l < level) return false;
                level = l;
            }
        }
        return true;
    }

    /**
     * Repairs one slice: {@code probabilities[class][y * width + x]}; writes the labels of the most
     * probable valid labelling of every column into {@code labels} (index y * width + x).
     */
    public void repair(float[][] probabilities, int width, int height, int[] labels) {
        double[] cost = new double[states];
        double[] next = new double[states];
        byte[] from = new byte[height * states];
        double[] unary = new double[probabilities.length];
        for (int x = 0; x < width; x++) {
            // row -1 is "above" at no cost: a column may start in any state reachable from it
            java.util.Arrays.fill(cost, Double.POSITIVE_INFINITY);
            cost[0] = 0;
            for (int y = 0; y < height; y++) {
                int p = y * width + x;
                for (int c = 0; c < unary.length; c++) unary[c] = -Math.log(Math.max(FLOOR, probabilities[c][p]));
                step(cost, next, from, y * states, unary);
                double[] t = cost;
                cost = next;
                next = t;
            }
            int best = 0;
            for (int s = 1; s < states; s++) if (cost[s] < cost[best]) best = s;
            for (int y = height - 1; y >= 0; y--) {
                labels[y * width + x] = classOf[best];
                best = from[y * states + best];
            }
        }
    }

    /** One row: next[s] = unary(class of s) + min over the states that may precede s. */
    private void step(double[] cost, double[] next, byte[] from, int row, double[] unary) {
        // above: from above only
        next[0] = cost[0] + unary[classOf[0]];
        from[row] = 0;
        // layers: from above, any layer j <= k, fluid at level j <= k (running minimum)
        double min = cost[0];
        int arg = 0;
        double belowMin = cost[0];
        int belowArg = 0;
        for (int k = 1; k <= n; k++) {
            if (cost[k] < min) {
                min = cost[k];
                arg = k;
            }
            if (hasFluid() && cost[n + 1 + k] < min) {
                min = cost[n + 1 + k];
                arg = n + 1 + k;
            }
            next[k] = min + unary[classOf[k]];
            from[row + k] = (byte) arg;
        }
        // fluid at level k: from layer k or fluid k (and from above for level 1)
        if (hasFluid()) {
            double fluid = unary[classOf[n + 2]];
            for (int k = 1; k <= n; k++) {
                int f = n + 1 + k;
                double m = cost[f];
                int a = f;
                if (cost[k] < m) {
                    m = cost[k];
                    a = k;
                }
                if (k == 1 && cost[0] < m) {
                    m = cost[0];
                    a = 0;
                }
                next[f] = m + fluid;
                from[row + f] = (byte) a;
            }
        }
        // below: from anything
        for (int s = 0; s < states; s++) {
            if (cost[s] < belowMin) {
                belowMin = cost[s];
                belowArg = s;
            }
        }
        next[n + 1] = belowMin + unary[classOf[n + 1]];
        from[row + n + 1] = (byte) belowArg;
    }
}
