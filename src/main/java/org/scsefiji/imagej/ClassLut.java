package org.scsefiji.imagej;

import ij.process.LUT;
import java.awt.Color;
import java.util.List;
import org.scsefiji.model.ClassInfo;

/** ImageJ lookup tables that show class ids in their class colours, and object ids in distinct colours. */
public final class ClassLut {
    private ClassLut() {
    }

    /** An 8-bit LUT: entry {@code c.index()} gets the colour of class c, every other entry is black. Classes above 255 are left out. */
    public static LUT of(List<ClassInfo> classes) {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (ClassInfo c : classes) {
            if (c.index() > 255) continue;
            Color color = c.awtColor();
            r[c.index()] = (byte) color.getRed();
            g[c.index()] = (byte) color.getGreen();
            b[c.index()] = (byte) color.getBlue();
        }
        return new LUT(r, g, b);
    }

    /** Entries 1..255 of {@link #distinct()}, computed once. */
    private static final int[] DISTINCT = distinctColours();

    /**
     * A glasbey-like 8-bit LUT for object ids: entry 0 black (background), every further entry the colour
     * farthest (CIELAB distance) from black and all entries before it, so that neighbouring ids, which touching
     * objects often have, look different. Deterministic: computed here, not read from a file.
     */
    public static LUT distinct() {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (int i = 1; i < 256; i++) {
            r[i] = (byte) (DISTINCT[i] >> 16);
            g[i] = (byte) (DISTINCT[i] >> 8);
            b[i] = (byte) DISTINCT[i];
        }
        return new LUT(r, g, b);
    }

    /** Greedy farthest-point choice among the 16 x 16 x 16 RGB grid (steps of 17), ties to the first in grid order. */
    private static int[] distinctColours() {
        int steps = 16;
        int n = steps * steps * steps;
        double[][] lab = new double[n][];
        int[] rgb = new int[n];
        for (int i = 0; i < n; i++) {
            int r = 17 * (i / (steps * steps)), g = 17 * (i / steps % steps), b = 17 * (i % steps);
            rgb[i] = r << 16 | g << 8 | b;
            lab[i] = cielab(r, g, b);
        }
        double[] nearest = new double[n]; // squared distance to the nearest colour chosen so far
        double[] black = cielab(0, 0, 0);
        for (int i = 0; i < n; i++) nearest[i] = distance(lab[i], black);
        int[] chosen = new int[256];
        for (int k = 1; k < 256; k++) {
            int best = 0;
            for (int i = 1; i < n; i++) if (nearest[i] > nearest[best]) best = i;
            chosen[k] = rgb[best];
            for (int i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], distance(lab[i], lab[best]));
        }
        return chosen;
    }

    private static double distance(double[] a, double[] b) {
        double dl = a[0] - b[0], da = a[1] - b[1], db = a[2] - b[2];
        return dl * dl + da * da + db * db;
    }

    /** sRGB (D65) to CIELAB. */
    private static double[] cielab(int r, int g, int b) {
        double lr = linear(r), lg = linear(g), lb = linear(b);
        double x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
        double y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
        double z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double linear(int c) {
        double v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
}
