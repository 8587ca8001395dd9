package org.scsefiji.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.scsefiji.nn.NetworkTestSupport;

/** The matrix-product form gives the 1x1 convolution's output and gradients (up to float32 rounding). */
class PointwiseConvolutionTest {
    @Test
    void matchesTheConvolutionWithAndWithoutBias() {
        for (int filters : new int[] {1, 10}) {
            for (boolean withBias : new boolean[] {true, false}) check(filters, withBias);
        }
    }

    private static void check(int filters, boolean withBias) {
        String what = filters + " filters" + (withBias ? ", bias" : ", no bias");
        try (NDManager m = NetworkTestSupport.manager()) {
            Engine.getInstance().setRandomSeed(3);
            // Two batches, 20 channels, a non-square 5 x 7 map with non-zero minimum values.
            NDArray x = m.randomUniform(0.5f, 2f, new Shape(2, 20, 5, 7));
            NDArray w = m.randomUniform(-1f, 1f, new Shape(filters, 20, 1, 1));
            NDArray b = withBias ? m.randomUniform(-1f, 1f, new Shape(filters)) : null;
            NDArray g = m.randomUniform(-1f, 1f, new Shape(2, filters, 5, 7));
            float[][] conv = run(x, w, b, g, false);
            float[][] product = run(x, w, b, g, true);
            assertEquals(conv.length, product.length, what);
            for (int i = 0; i < conv.length; i++) assertArrayEquals(conv[i], product[i], 2e-5f, what + ", array " + i);
        }
    }

    /** Output, then the gradients of sum(y * g) in x, w (and b). */
    private static float[][] run(NDArray x0, NDArray w0, NDArray b0, NDArray g, boolean product) {
        NDArray x = x0.duplicate();
        NDArray w = w0.duplicate();
        NDArray b = b0 == null ? null : b0.duplicate();
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        if (b != null) b.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            y = product ? PointwiseConvolution.apply(x, w, b)
                    : Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
            gc.backward(y.mul(g).sum());
        }
        return b == null
                ? new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(), w.getGradient().toFloatArray()}
                : new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(), w.getGradient().toFloatArray(),
                        b.getGradient().toFloatArray()};
    }
}
