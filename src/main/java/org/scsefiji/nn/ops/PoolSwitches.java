package org.scsefiji.nn.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * 2x2 max-pooling that remembers where each maximum came from, and the matching max-unpooling: the
 * exact equivalent of PyTorch's {@code max_pool2d(return_indices=True)} and {@code max_unpool2d},
 * which DJL lacks. Ties go to the first maximum in row-major window order, as in PyTorch.
 *
 * <p>The switches are a one-hot mask of shape (N, C, H/2, 2, W/2, 2), computed on a detached copy so
 * no gradient flows through them; the pooled value is read through the mask, so the gradient reaches
 * exactly the selected input pixel.
 */
public final class PoolSwitches {
    private final NDArray mask;

    private PoolSwitches(NDArray mask) {
        this.mask = mask;
    }

    /** Pools x (N, C, H, W) with even H and W; returns the pooled map and keeps the switches. */
    public static PoolSwitches of(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        if (h % 2 != 0 || w % 2 != 0) throw new IllegalArgumentException("pooling needs even sizes, got " + s);
        NDArray windows = x.stopGradient().reshape(n, c, h / 2, 2, w / 2, 2).transpose(0, 1, 2, 4, 3, 5)
                .reshape(n, c, h / 2, w / 2, 4);
        NDArray mask = windows.argMax(4).oneHot(4, x.getDataType()).reshape(n, c, h / 2, w / 2, 2, 2)
                .transpose(0, 1, 2, 4, 3, 5);
        return new PoolSwitches(mask);
    }

    /** The pooled map (N, C, H/2, W/2). */
    public NDArray pool(NDArray x) {
        return Resampling.maxPool2x(x);
    }

    /** Places y (N, C, H/2, W/2) back at the remembered positions, zeros elsewhere: (N, C, H, W). */
    public NDArray unpool(NDArray y) {
        Shape m = mask.getShape();
        return y.reshape(m.get(0), y.getShape().get(1), m.get(2), 1, m.get(4), 1).mul(mask)
                .reshape(m.get(0), y.getShape().get(1), m.get(2) * 2, m.get(4) * 2);
    }
}
