package org.scsefiji.train.loss;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * U-Net's separation weights (Ronneberger et al. 2015) on object ids: w(x) = 1 + w0 exp(-(d1 + d2)^2 / (2 sigma^2)),
 * d1 the distance from x to the nearest object and d2 to the nearest pixel of another object, for pixels that
 * have two objects within reach; 1 elsewhere. The pixels where touching objects meet (their outlines and the thin
 * gaps between them) weigh most, because missing them merges two nuclei into one object while costing almost
 * nothing in a pixel loss.
 *
 * <p>sigma is 2 px, not U-Net's 5: DSB nuclei are 5-15 px in radius, and at 5 px the weight would spread over
 * most of a small nucleus instead of the 1-2 px band where two of them meet. Distances are Euclidean between
 * pixel centres, searched within 3 sigma + 1 px (a pixel whose second object lies farther would weigh
 * less than 0.003 w0 more).
 */
public final class ContactWeightMap implements PixelWeightMap {
    static final double SIGMA = 2;
    private static final int RADIUS = (int) Math.ceil(3 * SIGMA) + 1;

    private final float contactWeight;
    /** Offsets within the search radius, nearest first. */
    private final int[] dx;
    private final int[] dy;
    private final double[] distance;

    /** @param contactWeight w0, the extra weight of a pixel where two objects touch */
    public ContactWeightMap(float contactWeight) {
        if (!Float.isFinite(contactWeight) || contactWeight < 0) {
            throw new IllegalArgumentException("Contact weight map: w0 must be finite and >= 0, got " + contactWeight);
        }
        this.contactWeight = contactWeight;
        int side = 2 * RADIUS + 1;
        Integer[] order = IntStream.range(0, side * side).boxed()
                .filter(k -> Math.hypot(k % side - RADIUS, k / side - RADIUS) <= RADIUS).toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(k -> Math.hypot(k % side - RADIUS, k / side - RADIUS)));
        dx = new int[order.length];
        dy = new int[order.length];
        distance = new double[order.length];
        for (int j = 0; j < order.length; j++) {
            dx[j] = order[j] % side - RADIUS;
            dy[j] = order[j] / side - RADIUS;
            distance[j] = Math.hypot(dx[j], dy[j]);
        }
    }

    @Override
    public boolean readsObjectIds() {
        return true;
    }

    /** @param labels object ids, 0 = background */
    @Override
    public float[] compute(int[] labels, int width, int height) {
        PixelWeightMap.checkSize("Contact weight map", labels, width, height);
        float[] out = new float[labels.length];
        double twoSigmaSquared = 2 * SIGMA * SIGMA;
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int first = 0;
                double d1 = 0;
                double d2 = -1;
                for (int j = 0; j < dx.length && d2 < 0; j++) {
                    int nx = x + dx[j];
                    int ny = y + dy[j];
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    int id = labels[ny * width + nx];
                    if (id == 0 || id == first) continue;
                    if (first == 0) {
                        first = id;
                        d1 = distance[j];
                    } else {
                        d2 = distance[j];
                    }
                }
                double s = d1 + d2;
                out[i] = d2 < 0 ? 1f : (float) (1 + contactWeight * Math.exp(-s * s / twoSigmaSquared));
            }
        }
        return out;
    }
}
