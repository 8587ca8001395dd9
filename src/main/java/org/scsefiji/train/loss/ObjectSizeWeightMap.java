package org.scsefiji.train.loss;

import java.util.Arrays;
import org.scsefiji.instances.InstanceLabels;

/**
 * Weights that make each object count about as much as a typical one: the pixels of an object of area a, and the
 * background within {@link #RING} px of it, weigh reference / a, at least 1 and at most a cap. An object-level
 * score counts every nucleus once, while a pixel loss counts a 20-pixel nucleus a tenth as much as a 200-pixel
 * one, so tiny nuclei are the ones a network trained on pixels learns to drop. Large objects keep weight 1: they
 * are not made to count less. The ring weighs the background around a small object as much as the object, so that
 * the network is pushed to find it, not to grow every bright speck into a nucleus.
 */
public final class ObjectSizeWeightMap implements PixelWeightMap {
    /** Width in pixels of the background ring that shares its object's weight (Chebyshev distance). */
    static final int RING = 2;

    private final double referenceArea;
    private final float maxWeight;

    /**
     * @param referenceArea the area in pixels of an object that weighs 1 (the training objects' typical area)
     * @param maxWeight the largest weight, of the smallest objects
     */
    public ObjectSizeWeightMap(double referenceArea, float maxWeight) {
        if (!(referenceArea > 0) || !Double.isFinite(referenceArea)) {
            throw new IllegalArgumentException("Object size weight map: the reference area must be positive and finite"
                    + " (are there objects in the training labels?), got " + referenceArea);
        }
        if (!Float.isFinite(maxWeight) || maxWeight < 1) {
            throw new IllegalArgumentException("Object size weight map: the largest weight must be finite and >= 1, got " + maxWeight);
        }
        this.referenceArea = referenceArea;
        this.maxWeight = maxWeight;
    }

    @Override
    public boolean readsObjectIds() {
        return true;
    }

    /** @param labels object ids, 0 = background */
    @Override
    public float[] compute(int[] labels, int width, int height) {
        PixelWeightMap.checkSize("Object size weight map", labels, width, height);
        int maxId = Arrays.stream(labels).max().orElse(0);
        int[] areas = InstanceLabels.areas(labels, maxId);
        float[] weightOf = new float[maxId + 1];
        for (int id = 1; id <= maxId; id++) {
            if (areas[id] > 0) weightOf[id] = (float) Math.min(maxWeight, Math.max(1, referenceArea / areas[id]));
        }
        float[] out = new float[labels.length];
        Arrays.fill(out, 1f);
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int id = labels[i];
                if (id == 0) continue;
                float w = weightOf[id];
                if (w == 1f) continue;
                // the object's pixel and its ring: background pixels take the largest weight of the objects near them
                for (int ny = Math.max(0, y - RING); ny <= Math.min(height - 1, y + RING); ny++) {
                    for (int nx = Math.max(0, x - RING); nx <= Math.min(width - 1, x + RING); nx++) {
                        int j = ny * width + nx;
                        if ((j == i || labels[j] == 0) && out[j] < w) out[j] = w;
                    }
                }
            }
        }
        return out;
    }
}
