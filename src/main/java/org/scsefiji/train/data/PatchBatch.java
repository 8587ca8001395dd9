package org.scsefiji.train.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.List;
import org.scsefiji.model.ClassInfo;

/**
 * A mini-batch in Java arrays, ready to become the network input {x (N,1,H,W)} and the loss labels
 * {class map (N,H,W) int32 with 255 = ignore, pixel weights (N,H,W) float32}.
 */
public final class PatchBatch {
    private final int size;
    private final int width;
    private final int height;
    private final float[] pixels;
    private final int[] labels;
    private final float[] weights;

    private PatchBatch(int size, int width, int height, boolean withWeights) {
        this.size = size;
        this.width = width;
        this.height = height;
        int n = size * width * height;
        this.pixels = new float[n];
        this.labels = new int[n];
        this.weights = withWeights ? new float[n] : null;
    }

    /** Cuts {@code patches} out of the cached images. */
    public static PatchBatch of(List<Patch> patches, int width, int height, SliceCache cache) throws IOException {
        PatchBatch b = new PatchBatch(patches.size(), width, height, cache.hasWeightMap());
        for (int i = 0; i < patches.size(); i++) {
            Patch p = patches.get(i);
            b.fill(i, p, cache.get(p.image));
        }
        return b;
    }

    private void fill(int index, Patch p, SliceCache.Loaded img) {
        int w = img.entry.width();
        int h = img.entry.height();
        float[] src = img.pixels[p.slice];
        byte[] ids = img.labels[p.slice];
        float[] wts = img.weights == null ? null : img.weights[p.slice];
        int base = index * width * height;
        PatchTransform t = p.transform;
        if (t != null && t.moves()) {
            double cx = p.x + (width - 1) / 2.0;
            double cy = p.y + (height - 1) / 2.0;
            t.sample(src, ids, wts, w, h, cx, cy, p.flip, width, height, pixels, labels, weights, base);
        } else {
            cut(p, w, h, src, ids, wts, base);
        }
        if (t != null) t.alterIntensities(pixels, base, width, height);
    }

    private void cut(Patch p, int w, int h, float[] src, byte[] ids, float[] wts, int base) {
        for (int py = 0; py < height; py++) {
            int sy = p.y + py;
            for (int px = 0; px < width; px++) {
                int sx = p.x + (p.flip ? width - 1 - px : px);
                int o = base + py * width + px;
                boolean inside = sx < w && sy < h;
                int s = sy * w + sx;
                pixels[o] = inside ? src[s] : 0f;
                boolean counted = inside && px >= p.countFromX && py >= p.countFromY;
                labels[o] = counted ? ids[s] & 0xff : ClassInfo.IGNORE_LABEL;
                if (weights != null) weights[o] = counted ? wts[s] : 0f;
            }
        }
    }

    public int size() {
        return size;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Network input {x (N,1,H,W) float32} in {@code manager}. */
    public NDList input(NDManager manager) {
        return new NDList(manager.create(pixels, new Shape(size, 1, height, width)));
    }

    /** Loss labels {class map (N,H,W) int32[, weights (N,H,W) float32]} in {@code manager}. */
    public NDList targets(NDManager manager) {
        Shape s = new Shape(size, height, width);
        NDList l = new NDList(manager.create(labels, s));
        if (weights != null) l.add(manager.create(weights, s));
        return l;
    }

    /** Class ids, x fastest, patch after patch (255 = ignore). */
    public int[] labels() {
        return labels.clone();
    }

    /** Normalised pixels, x fastest, patch after patch. */
    public float[] pixels() {
        return pixels.clone();
    }

    /** Pixel weights, or null without a weight map. */
    public float[] weights() {
        return weights == null ? null : weights.clone();
    }
}
