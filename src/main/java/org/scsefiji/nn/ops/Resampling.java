package org.scsefiji.nn.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/** Exact, differentiable 2x resampling built from reshapes (DJL has no public blocks for these). */
public final class Resampling {
    /** DJL's interpolation mode for nearest neighbour (1 is bilinear). */
    private static final int NEAREST = 0;
    private Resampling() {
    }

    /** Nearest-neighbour 2x up-sampling ("repetition"): (N, C, H, W) -> (N, C, 2H, 2W). */
    public static NDArray repeat2x(NDArray x) {
        return repeat(x, 2);
    }

    /**
     * Nearest-neighbour up-sampling by a power of two: every pixel becomes a factor x factor block. PyTorch's
     * native nearest interpolation (exact for these factors); its backward sums each block natively, which is
     * much faster than the reduction a broadcast-and-reshape repetition needs.
     */
    public static NDArray repeat(NDArray x, int factor) {
        if (factor < 1 || Integer.bitCount(factor) != 1) throw new IllegalArgumentException("factor must be a power of 2, got " + factor);
        if (factor == 1) return x;
        Shape s = x.getShape();
        return x.getNDArrayInternal().interpolation(new long[] {s.get(2) * factor, s.get(3) * factor}, NEAREST, false);
    }

    /**
     * Depth-to-space: (N, 4C, H, W) -> (N, C, 2H, 2W), channel block k = 2i + j going to offset (i, j).
     * After a 1x1 convolution to 4C channels this is exactly a 2x2 stride-2 transposed convolution,
     * which DJL's PyTorch engine does not implement.
     */
    public static NDArray depthToSpace2x(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1) / 4, h = s.get(2), w = s.get(3);
        return x.reshape(n, c, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, 2 * h, 2 * w);
    }

    /** PyTorch's max_pool2d, 2x2 stride 2 (even sizes); its gradient goes to the first maximum. */
    public static NDArray maxPool2x(NDArray x) {
        return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }
}
