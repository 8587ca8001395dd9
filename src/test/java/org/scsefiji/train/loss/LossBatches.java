package org.scsefiji.train.loss;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.scsefiji.engine.TorchEngine;

/** Hand-made batches shared by the loss tests. Pixels are listed row after row; the last is often ignored. */
final class LossBatches {
    static final float LN3 = (float) Math.log(3);
    static final float LN2 = (float) Math.log(2);
    static final float LN99 = (float) Math.log(99);

    private LossBatches() {
    }

    static NDManager manager() {
        TorchEngine.get();
        return NDManager.newBaseManager(Device.cpu(), TorchEngine.ENGINE);
    }

    /** Logits of one 2x2 image; perPixel[pixel][class]. Returns shape (1,K,2,2). */
    static NDArray logits(NDManager m, float[][] perPixel) {
        return logits(m, perPixel, new Shape(1, perPixel[0].length, 2, 2));
    }

    /** perPixel[pixel][class] laid out as (N,K,H,W) with N*H*W = perPixel.length pixels in (n, y, x) order. */
    static NDArray logits(NDManager m, float[][] perPixel, Shape shape) {
        int k = (int) shape.get(1);
        int hw = (int) (shape.get(2) * shape.get(3));
        float[] data = new float[perPixel.length * k];
        for (int i = 0; i < perPixel.length; i++) {
            int n = i / hw;
            int pixel = i % hw;
            for (int c = 0; c < k; c++) data[(n * k + c) * hw + pixel] = perPixel[i][c];
        }
        return m.create(data, shape);
    }

    static NDList labels(NDManager m, float[] classes, float[] weights, Shape pixels) {
        return new NDList(m.create(classes, pixels), m.create(weights, pixels));
    }

    /**
     * The 2-class example used by several tests (N=1, 2x2):
     * p0 logits (ln3, 0) -> softmax (3/4, 1/4), label 0, pixel weight 2
     * p1 logits (0, 0)   -> (1/2, 1/2),        label 1, pixel weight 1
     * p2 logits (0, ln3) -> (1/4, 3/4),        label 0, pixel weight 1
     * p3 logits (5, -5),                        label 255 (ignore), pixel weight 7
     */
    static final float[][] TWO_CLASS_LOGITS = {{LN3, 0}, {0, 0}, {0, LN3}, {5, -5}};
    static final float[] TWO_CLASS_LABELS = {0, 1, 0, 255};
    static final float[] TWO_CLASS_WEIGHTS = {2, 1, 1, 7};

    /**
     * The 3-class example, class 2 absent from the ground truth (N=1, 2x2):
     * p0 logits (ln2, 0, 0) -> softmax (1/2, 1/4, 1/4), label 0
     * p1 logits (0, ln2, 0) -> (1/4, 1/2, 1/4),         label 1
     * p2 logits (0, 0, 0)   -> (1/3, 1/3, 1/3),         label 1
     * p3 logits (9, -3, 4),                              label 255 (ignore)
     */
    static final float[][] THREE_CLASS_LOGITS = {{LN2, 0, 0}, {0, LN2, 0}, {0, 0, 0}, {9, -3, 4}};
    static final float[] THREE_CLASS_LABELS = {0, 1, 1, 255};

    static NDList twoClassLabels(NDManager m) {
        return labels(m, TWO_CLASS_LABELS, TWO_CLASS_WEIGHTS, new Shape(1, 2, 2));
    }

    static NDList threeClassLabels(NDManager m) {
        return labels(m, THREE_CLASS_LABELS, new float[] {1, 1, 1, 1}, new Shape(1, 2, 2));
    }

    static float value(Loss loss, NDList labels, NDArray logits) {
        return loss.evaluate(labels, new NDList(logits)).getFloat();
    }
}
