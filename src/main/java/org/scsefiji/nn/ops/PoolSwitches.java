package org.scsefiji.nn.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * 2x2 max-pooling that remembers where each maximum came from, and the matching max-unpooling: the
 * exact equivalent of PyTorch's {@code max_pool2d(return_indices=True)} and {@code max_unpool2d},
 * which DJL lacks. Ties go to the first maximum in row-major window order, as in PyTorch (exact for
 * finite inputs; PyTorch would also pick a NaN as the maximum).
 *
 * <p>The switches are a boolean mask (N, C, H, W), true at the one selected pixel of every window. It is
 * built from the pooled map on a detached copy (no gradient flows through it): each of the four window
 * positions, read as a strided view, is compared with the maximum, and a position is selected only if no
 * earlier one was. Unpooling is nearest-neighbour up-sampling times the mask, so its gradient reaches
 * exactly the selected positions. This costs about half the time of an argMax/oneHot mask over a
 * transposed copy and a quarter of its memory, and the native up-sampling keeps the backward pass cheap.
 */
public final class PoolSwitches {
    private static final NDIndex[] WINDOW = {
        new NDIndex(":, :, :, 0, :, 0"), new NDIndex(":, :, :, 0, :, 1"),
        new NDIndex(":, :, :, 1, :, 0"), new NDIndex(":, :, :, 1, :, 1")};

    private final NDArray source;
    private final NDArray pooled;
    private final NDArray mask;

    private PoolSwitches(NDArray source, NDArray pooled, NDArray mask) {
        this.source = source;
        this.pooled = pooled;
        this.mask = mask;
    }

    /** Pools x (N, C, H, W) with even H and W; returns the pooled map and keeps the switches. */
    public static PoolSwitches of(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        if (h % 2 != 0 || w % 2 != 0) throw new IllegalArgumentException("pooling needs even sizes, got " + s);
        NDArray pooled = Resampling.maxPool2x(x);
        NDArray max = pooled.stopGradient();
        NDArray windows = x.stopGradient().reshape(n, c, h / 2, 2, w / 2, 2);
        NDArray first = windows.get(WINDOW[0]).eq(max);
        NDArray second = windows.get(WINDOW[1]).eq(max).logicalAnd(first.logicalNot());
        NDArray taken = first.logicalOr(second);
        NDArray third = windows.get(WINDOW[2]).eq(max).logicalAnd(taken.logicalNot());
        NDArray fourth = taken.logicalOr(third).logicalNot(); // the maximum is somewhere: here if not before
        NDArray mask = first.stack(second, 4).stack(third.stack(fourth, 4), 3).reshape(n, c, h, w);
        return new PoolSwitches(x, pooled, mask);
    }

    /** The pooled map (N, C, H/2, W/2) of x; for the x the switches were made from, the one already computed. */
    public NDArray pool(NDArray x) {
        return x == source ? pooled : Resampling.maxPool2x(x);
    }

    /** The switch mask, for freeing it once the unpooling is done. */
    public NDArray mask() {
        return mask;
    }

    /** Places y (N, C, H/2, W/2) back at the remembered positions, zeros elsewhere: (N, C, H, W). */
    public NDArray unpool(NDArray y) {
        return Resampling.repeat2x(y).mul(mask);
    }
}
