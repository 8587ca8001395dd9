package org.scsefiji.nn.ops;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A 1x1 convolution with few filters (the sSE squeeze C -> 1, a classifier C -> K) as one batched matrix
 * product (N, K, C) x (N, C, H W), the weights broadcast over the batch without a copy.
 *
 * <p>Why: libtorch 2.7.1 sends such a convolution to oneDNN as soon as it runs on more than one thread,
 * and oneDNN computes it in blocks of 16 output channels, reordering the whole map to and from its blocked
 * layout; its backward is the slow part. Measured on 2 threads (4 x 64 x 496 x 64, minimum of 8 calls on a
 * loaded 2-core machine): C -> 1 forward 26 ms and backward 109 ms as a convolution, 1.3 ms and 5.6 ms as
 * this product; C -> 10 backward 72 ms against 36 ms. On one thread the two are equal. The product sums
 * over C in another order than the convolution, so results differ in float32 rounding only.
 */
public final class PointwiseConvolution {
    /** Filters below one oneDNN channel block (16 on AVX-512); wider 1x1 convolutions keep oneDNN. */
    private static final long MAX_FILTERS = 15;

    private PointwiseConvolution() {
    }

    /** Whether {@link #apply} should replace the library's 1x1 convolution of x to this many filters (CPU, float32). */
    public static boolean suits(NDArray x, long filters) {
        return filters <= MAX_FILTERS && x.getShape().dimension() == 4 && x.getDataType() == DataType.FLOAT32
                && Device.Type.CPU.equals(x.getDevice().getDeviceType());
    }

    /**
     * y = weight * x + bias per pixel: x (N, C, H, W), weight (K, C, 1, 1), bias (K) or null; (N, K, H, W).
     * Differentiable in all three. Everything it creates belongs to x's manager, also what it derives from
     * the parameters (which belong to the model's).
     */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        long k = weight.getShape().get(0);
        NDManager m = x.getManager();
        NDArray w3 = weight.reshape(1, k, c);
        w3.attach(m);
        NDArray weights = w3.broadcast(new Shape(n, k, c));
        NDArray columns = x.reshape(n, c, h * w);
        NDArray y = weights.matMul(columns);
        // Every handle made here is closed before returning: a view keeps its whole storage alive, so an
        // open view of x (or of the product) would hold a full map until the caller's manager closes, which
        // in inference is the end of the forward (autograd keeps what backward needs by itself).
        new NDList(w3, weights, columns).close();
        if (bias != null) {
            NDArray b = bias.reshape(k, 1);
            b.attach(m);
            NDArray biased = y.add(b);
            new NDList(b, y).close();
            y = biased;
        }
        NDArray out = y.reshape(n, k, h, w);
        y.close();
        return out;
    }
}
