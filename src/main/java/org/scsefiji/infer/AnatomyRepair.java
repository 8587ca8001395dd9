package org.scsefiji.infer;

import java.util.List;
import org.scsefiji.model.RetinaAnatomy;

/**
 * The {@link RetinaAnatomy} post-processing: per A-scan (column, top to bottom) the most probable
 * labelling that keeps the anatomical order, found exactly by dynamic programming (Viterbi) over the
 * class probabilities with cost -log p per pixel.
 *
 * <p>The allowed sequences are those of an automaton whose states are: above; layer k (k = 1..n);
 * below; fluid at level k (inside the retina, after layer k). Going down a column a state may stay,
 * or move: above to any layer or below; layer k to any deeper layer, fluid level k or below; fluid
 * level k to layer k or deeper; below only stays. So every layer may be missing (fovea), fluid lies
 * between layers (as in every column of the Duke labels but one of 29,000), and layers never come back
 * above a deeper one.
 *
 * <p>Since fluid cannot lie outside the retina, what the network calls fluid there is dark tissue of
 * the outside class: the states above and below are scored with p(their class) + p(fluid). Without
 * this, the vitreous of a scan darker or noisier than the training data, which the network calls
 * fluid, would pull the retina's top up to the image edge. Columns are repaired independently (no
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
        boolean fluid = false;
        for (int y = 0; y < height; y++) {
            int c = labels[offset + y * stride];
            int l = c >= 0 && c < levelOfClass.length ? levelOfClass[c] : Integer.MIN_VALUE;
            if (l == Integer.MIN_VALUE) return false;
            boolean afterFluid = fluid;
            fluid = l == -1;
            if (fluid) { // only inside the retina, below a layer
                if (level == 0 || level == n + 1) return false;
            } else if (l == 0) {
                if (level != 0) return false;
            } else {
                if (l < level || afterFluid && l == n + 1) return false;
                level = l;
            }
        }
        return !fluid;
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
        double[] outside = new double[2];
        for (int x = 0; x < width; x++) {
            // row -1 is "above" at no cost: a column may start in any state reachable from it
            java.util.Arrays.fill(cost, Double.POSITIVE_INFINITY);
            cost[0] = 0;
            for (int y = 0; y < height; y++) {
                int p = y * width + x;
                for (int c = 0; c < unary.length; c++) unary[c] = -Math.log(Math.max(FLOOR, probabilities[c][p]));
                if (hasFluid()) {
                    float f = probabilities[classOf[n + 2]][p];
                    outside[0] = -Math.log(Math.max(FLOOR, probabilities[classOf[0]][p] + f));
                    outside[1] = -Math.log(Math.max(FLOOR, probabilities[classOf[n + 1]][p] + f));
                } else {
                    outside[0] = unary[classOf[0]];
                    outside[1] = unary[classOf[n + 1]];
                }
                step(cost, next, from, y * states, unary, outside);
                double[] t = cost;
                cost = next;
                next = t;
            }
            int best = 0;
            for (int s = 1; s <= n + 1; s++) if (cost[s] < cost[best]) best = s; // a column does not end in fluid
            for (int y = height - 1; y >= 0; y--) {
                labels[y * width + x] = classOf[best];
                best = from[y * states + best];
            }
        }
    }

    /**
     * One row: next[s] = unary(class of s) + min over the states that may precede s; {@code outside} holds
     * the costs of the states above and below.
     */
    private void step(double[] cost, double[] next, byte[] from, int row, double[] unary, double[] outside) {
        // above: from above only
        next[0] = cost[0] + outside[0];
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
        // fluid at level k: from layer k or fluid k
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
                next[f] = m + fluid;
                from[row + f] = (byte) a;
            }
        }
        // below: from above, a layer or below, not from fluid
        for (int s = 0; s <= n + 1; s++) {
            if (cost[s] < belowMin) {
                belowMin = cost[s];
                belowArg = s;
            }
        }
        next[n + 1] = belowMin + outside[1];
        from[row + n + 1] = (byte) belowArg;
    }
}
