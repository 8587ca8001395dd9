package org.scsefiji.nn.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * 2x2 max-pooling that remembers where each maximum came from, and the matching max-unpooling: PyTorch's
 * own {@code max_pool2d_with_indices} and {@code max_unpool2d}, which DJL does not expose, called through
 * two tiny TorchScript modules shipped with the plugin (src/main/python/make_pool_ops.py). Ties go to the
 * first maximum in row-major window order, as in PyTorch (it is the same kernel). Both are differentiable:
 * the pooling's gradient reaches the selected pixel of each window, the unpooling's comes from there.
 */
public final class PoolSwitches implements AutoCloseable {
    private static final TorchScriptOp POOL = new TorchScriptOp("max_pool2x_with_indices.pt");
    private static final TorchScriptOp UNPOOL = new TorchScriptOp("max_unpool2x.pt");

    private final NDArray source;
    private final NDArray pooled;
    private final NDArray indices;

    private PoolSwitches(NDArray source, NDArray pooled, NDArray indices) {
        this.source = source;
        this.pooled = pooled;
        this.indices = indices;
    }

    /** Pools x (N, C, H, W) with even H and W; returns the pooled map and keeps the switches. */
    public static PoolSwitches of(NDArray x) {
        Shape s = x.getShape();
        if (s.get(2) % 2 != 0 || s.get(3) % 2 != 0) throw new IllegalArgumentException("pooling needs even sizes, got " + s);
        NDList out = POOL.call(x);
        return new PoolSwitches(x, out.get(0), out.get(1));
    }

    /** The pooled map (N, C, H/2, W/2) of x; for the x the switches were made from, the one already computed. */
    public NDArray pool(NDArray x) {
        return x == source ? pooled : Resampling.maxPool2x(x);
    }

    /**
     * Frees the switches (for every window, the flat index of its maximum in its H x W plane, int64) once
     * the unpooling is done; the pooled map belongs to the caller.
     */
    @Override
    public void close() {
        indices.close();
    }

    /** Places y (N, C, H/2, W/2) back at the remembered positions, zeros elsewhere: (N, C, H, W). */
    public NDArray unpool(NDArray y) {
        return UNPOOL.call(y, indices).singletonOrThrow();
    }
}
