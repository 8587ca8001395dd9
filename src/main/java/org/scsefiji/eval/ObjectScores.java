package org.scsefiji.eval;

import java.util.Arrays;

/**
 * Object-level scores of predicted against true instance images (ids; 0 = background; any ids). A predicted
 * and a true object match at threshold t when their intersection over union exceeds t; for t &gt;= 0.5 each
 * object has at most one match (two objects that each cover more than half of the union with a third would
 * overlap), so no assignment problem is solved. At each t: TP = matched pairs, FP = predicted objects
 * unmatched, FN = true objects unmatched. The Data Science Bowl 2018 score of an image is the mean over t =
 * 0.5, 0.55, ..., 0.95 of TP / (TP + FP + FN). Scores of several images add up their counts ({@link #plus});
 * the Data Science Bowl score of a set of images is the mean of the images' scores.
 */
public final class ObjectScores {
    /** 0.5, 0.55, ..., 0.95. */
    public static final double[] THRESHOLDS = thresholds();

    private final long truth;
    private final long predicted;
    /** TP per threshold. */
    private final long[] matched;

    private ObjectScores(long truth, long predicted, long[] matched) {
        this.truth = truth;
        this.predicted = predicted;
        this.matched = matched;
    }

    /** No objects. */
    public static ObjectScores empty() {
        return new ObjectScores(0, 0, new long[THRESHOLDS.length]);
    }

    private static double[] thresholds() {
        double[] t = new double[10];
        for (int i = 0; i < t.length; i++) t[i] = 0.5 + 0.05 * i;
        return t;
    }

    /**
     * Scores one image (or plane).
     *
     * @param truth true object ids, one per pixel
     * @param predicted predicted object ids, same pixels
     */
    public static ObjectScores of(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) throw new IllegalArgumentException("the instance images differ in size: " + truth.length + " and " + predicted.length + " pixels");
        int[] t = compact(truth);
        int[] p = compact(predicted);
        int nt = max(t);
        int np = max(p);
        long[] areaT = new long[nt + 1];
        long[] areaP = new long[np + 1];
        int both = 0;
        for (int i = 0; i < t.length; i++) {
            areaT[t[i]]++;
            areaP[p[i]]++;
            if (t[i] > 0 && p[i] > 0) both++;
        }
        // intersections: (true id, predicted id) pairs of overlapping pixels, sorted and counted
        long[] pairs = new long[both];
        for (int i = 0, k = 0; i < t.length; i++) {
            if (t[i] > 0 && p[i] > 0) pairs[k++] = (long) t[i] << 32 | p[i];
        }
        Arrays.sort(pairs);
        long[] matched = new long[THRESHOLDS.length];
        for (int k = 0; k < pairs.length;) {
            int end = k;
            while (end < pairs.length && pairs[end] == pairs[k]) end++;
            long intersection = end - k;
            int ti = (int) (pairs[k] >>> 32);
            int pi = (int) pairs[k];
            double iou = intersection / (double) (areaT[ti] + areaP[pi] - intersection);
            for (int j = 0; j < THRESHOLDS.length; j++) if (iou > THRESHOLDS[j]) matched[j]++;
            k = end;
        }
        return new ObjectScores(nt, np, matched);
    }

    /** Ids renumbered 1..N (0 stays 0), so that sparse ids need no large tables. */
    private static int[] compact(int[] ids) {
        int max = 0;
        for (int v : ids) {
            if (v < 0) throw new IllegalArgumentException("object ids must not be negative, got " + v);
            max = Math.max(max, v);
        }
        int[] out = new int[ids.length];
        if (max < (1 << 24)) {
            int[] map = new int[max + 1];
            int next = 0;
            for (int i = 0; i < ids.length; i++) {
                int v = ids[i];
                if (v == 0) continue;
                if (map[v] == 0) map[v] = ++next;
                out[i] = map[v];
            }
            return out;
        }
        int[] sorted = Arrays.stream(ids).filter(v -> v > 0).distinct().sorted().toArray();
        for (int i = 0; i < ids.length; i++) out[i] = ids[i] == 0 ? 0 : Arrays.binarySearch(sorted, ids[i]) + 1;
        return out;
    }

    private static int max(int[] a) {
        int m = 0;
        for (int v : a) m = Math.max(m, v);
        return m;
    }

    /** The counts of both together. */
    public ObjectScores plus(ObjectScores o) {
        long[] m = new long[THRESHOLDS.length];
        for (int j = 0; j < m.length; j++) m[j] = matched[j] + o.matched[j];
        return new ObjectScores(truth + o.truth, predicted + o.predicted, m);
    }

    public long trueObjects() {
        return truth;
    }

    public long predictedObjects() {
        return predicted;
    }

    /** TP at {@link #THRESHOLDS}[i]. */
    public long truePositives(int i) {
        return matched[i];
    }

    /** TP / predicted at IoU 0.5; NaN without predictions. */
    public double precision() {
        return predicted == 0 ? Double.NaN : matched[0] / (double) predicted;
    }

    /** TP / true objects at IoU 0.5; NaN without true objects. */
    public double recall() {
        return truth == 0 ? Double.NaN : matched[0] / (double) truth;
    }

    /** 2 TP / (true + predicted) at IoU 0.5; NaN when there are no objects at all. */
    public double f1() {
        return truth + predicted == 0 ? Double.NaN : 2.0 * matched[0] / (truth + predicted);
    }

    /** Mean over the thresholds of TP / (TP + FP + FN); NaN when there are no objects at all. */
    public double dsbScore() {
        if (truth + predicted == 0) return Double.NaN;
        double sum = 0;
        for (long tp : matched) sum += tp / (double) (truth + predicted - tp);
        return sum / THRESHOLDS.length;
    }
}
