package org.scsefiji.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * Why objects fail to match at IoU 0.5 ({@link ObjectScores}' rule): each unmatched true object (false negative)
 * and each unmatched predicted object (false positive) gets one cause, tried in this order:
 * <ul>
 * <li>merge: a predicted object holds at least half of two or more true objects (for a false negative: the
 * predicted object holding most of it does);</li>
 * <li>split: a true object holds at least half of each of two or more predicted objects (for a false positive:
 * its true object, the one it overlaps most, does);</li>
 * <li>boundary: its best IoU lies in [0.3, 0.5], counted as fat when the predicted object of that pair is the
 * larger one, else thin;</li>
 * <li>missed (false negative) / spurious (false positive): less than half of the object is covered by objects
 * of the other image;</li>
 * <li>other: the rest (covered, but by no single object well enough).</li>
 * </ul>
 * Small objects (under {@link #SMALL} pixels) are counted apart among missed and spurious ones. Counts of
 * several images add up ({@link #plus}).
 */
public final class ObjectErrors {
    /** Objects under this many pixels count as small. */
    public static final int SMALL = 50;

    /** Causes (tried merge, split, boundary, missed or spurious, other); the array indices of {@link #falseNegatives} and {@link #falsePositives}. */
    public enum Cause { MERGE, SPLIT, MISSED_OR_SPURIOUS, BOUNDARY_FAT, BOUNDARY_THIN, OTHER }

    private final long[] falseNegatives = new long[Cause.values().length];
    private final long[] falsePositives = new long[Cause.values().length];
    private long smallMissed;
    private long smallSpurious;
    private long matched;
    private double matchedAreaRatio;

    /** The errors of one image (ids of any values, 0 = background). */
    public static ObjectErrors of(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) throw new IllegalArgumentException("the instance images differ in size");
        Map<Integer, Long> areaT = new HashMap<>();
        Map<Integer, Long> areaP = new HashMap<>();
        Map<Long, Long> overlap = new HashMap<>();
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] > 0) areaT.merge(truth[i], 1L, Long::sum);
            if (predicted[i] > 0) areaP.merge(predicted[i], 1L, Long::sum);
            if (truth[i] > 0 && predicted[i] > 0) overlap.merge((long) truth[i] << 32 | predicted[i], 1L, Long::sum);
        }
        Map<Integer, Long> coveredT = new HashMap<>(); // pixels of a true object inside any predicted object
        Map<Integer, Long> coveredP = new HashMap<>();
        Map<Integer, Integer> halfHeldT = new HashMap<>(); // true objects a predicted object holds half of, or more
        Map<Integer, Integer> halfHeldP = new HashMap<>(); // predicted objects a true object holds half of, or more
        Map<Integer, double[]> bestT = new HashMap<>(); // best IoU, partner id, partner area, largest intersection, its partner
        Map<Integer, double[]> bestP = new HashMap<>();
        ObjectErrors e = new ObjectErrors();
        for (Map.Entry<Long, Long> o : overlap.entrySet()) {
            int t = (int) (o.getKey() >>> 32);
            int p = (int) (long) o.getKey();
            long n = o.getValue();
            long at = areaT.get(t);
            long ap = areaP.get(p);
            double iou = n / (double) (at + ap - n);
            coveredT.merge(t, n, Long::sum);
            coveredP.merge(p, n, Long::sum);
            if (2 * n >= at) halfHeldT.merge(p, 1, Integer::sum);
            if (2 * n >= ap) halfHeldP.merge(t, 1, Integer::sum);
            offer(bestT, t, iou, p, ap, n);
            offer(bestP, p, iou, t, at, n);
            if (iou > 0.5) {
                e.matched++;
                e.matchedAreaRatio += ap / (double) at;
            }
        }
        for (Map.Entry<Integer, Long> t : areaT.entrySet()) {
            double[] b = bestT.getOrDefault(t.getKey(), new double[] {0, 0, 0, 0, 0});
            if (b[0] > 0.5) continue;
            Cause c = halfHeldT.getOrDefault((int) b[4], 0) >= 2 && b[3] * 2 >= t.getValue() ? Cause.MERGE
                    : halfHeldP.getOrDefault(t.getKey(), 0) >= 2 ? Cause.SPLIT
                    : b[0] >= 0.3 ? (b[2] > t.getValue() ? Cause.BOUNDARY_FAT : Cause.BOUNDARY_THIN)
                    : 2 * coveredT.getOrDefault(t.getKey(), 0L) < t.getValue() ? Cause.MISSED_OR_SPURIOUS : Cause.OTHER;
            e.falseNegatives[c.ordinal()]++;
            if (c == Cause.MISSED_OR_SPURIOUS && t.getValue() < SMALL) e.smallMissed++;
        }
        for (Map.Entry<Integer, Long> p : areaP.entrySet()) {
            double[] b = bestP.getOrDefault(p.getKey(), new double[] {0, 0, 0, 0, 0});
            if (b[0] > 0.5) continue;
            Cause c = halfHeldT.getOrDefault(p.getKey(), 0) >= 2 ? Cause.MERGE
                    : halfHeldP.getOrDefault((int) b[4], 0) >= 2 && b[3] * 2 >= p.getValue() ? Cause.SPLIT
                    : b[0] >= 0.3 ? (p.getValue() > b[2] ? Cause.BOUNDARY_FAT : Cause.BOUNDARY_THIN)
                    : 2 * coveredP.getOrDefault(p.getKey(), 0L) < p.getValue() ? Cause.MISSED_OR_SPURIOUS : Cause.OTHER;
            e.falsePositives[c.ordinal()]++;
            if (c == Cause.MISSED_OR_SPURIOUS && p.getValue() < SMALL) e.smallSpurious++;
        }
        return e;
    }

    /** Keeps per object its best IoU (and that partner's id and area) and its largest intersection (and that partner's id). */
    private static void offer(Map<Integer, double[]> best, int id, double iou, int partner, long partnerArea, long intersection) {
        double[] b = best.computeIfAbsent(id, k -> new double[] {-1, 0, 0, -1, 0});
        if (iou > b[0]) {
            b[0] = iou;
            b[1] = partner;
            b[2] = partnerArea;
        }
        if (intersection > b[3]) {
            b[3] = intersection;
            b[4] = partner;
        }
    }

    /** The counts of both together. */
    public ObjectErrors plus(ObjectErrors o) {
        ObjectErrors s = new ObjectErrors();
        for (int i = 0; i < falseNegatives.length; i++) {
            s.falseNegatives[i] = falseNegatives[i] + o.falseNegatives[i];
            s.falsePositives[i] = falsePositives[i] + o.falsePositives[i];
        }
        s.smallMissed = smallMissed + o.smallMissed;
        s.smallSpurious = smallSpurious + o.smallSpurious;
        s.matched = matched + o.matched;
        s.matchedAreaRatio = matchedAreaRatio + o.matchedAreaRatio;
        return s;
    }

    public long falseNegatives(Cause c) {
        return falseNegatives[c.ordinal()];
    }

    public long falsePositives(Cause c) {
        return falsePositives[c.ordinal()];
    }

    /** Missed true objects under {@link #SMALL} pixels. */
    public long smallMissed() {
        return smallMissed;
    }

    /** Spurious predicted objects under {@link #SMALL} pixels. */
    public long smallSpurious() {
        return smallSpurious;
    }

    /** Pairs matched at IoU 0.5. */
    public long matched() {
        return matched;
    }

    /** Mean over matched pairs of predicted / true area (above 1: predicted objects too fat); NaN without pairs. */
    public double meanAreaRatio() {
        return matched == 0 ? Double.NaN : matchedAreaRatio / matched;
    }

    /** One line: the causes of false negatives, then of false positives, then the matched pairs' area ratio. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "FN: merge=%d split=%d missed=%d (small %d) fat=%d thin=%d other=%d;"
                + " FP: merge=%d split=%d spurious=%d (small %d) fat=%d thin=%d other=%d; matched=%d area_ratio=%.3f",
                falseNegatives[0], falseNegatives[1], falseNegatives[2], smallMissed, falseNegatives[3], falseNegatives[4], falseNegatives[5],
                falsePositives[0], falsePositives[1], falsePositives[2], smallSpurious, falsePositives[3], falsePositives[4], falsePositives[5],
                matched, meanAreaRatio());
    }
}
