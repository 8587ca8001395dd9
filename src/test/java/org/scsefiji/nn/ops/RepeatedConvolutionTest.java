package org.scsefiji.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.Test;
import org.scsefiji.nn.NetworkTestSupport;

/**
 * {@link Conv2d#forwardOnRepeated2x} gives what the 3x3 convolution of the up-sampled input gives: output, input
 * gradient and parameter gradients (up to float32 rounding), for channel counts inside one oneDNN block, across a
 * partial block (the work-around's padding) and for full blocks, on a non-square map and two batches.
 */
class RepeatedConvolutionTest {
    @Test
    void matchesTheConvolutionOfTheRepeatedInput() {
        int[][] cases = {{3, 3}, {12, 12}, {24, 12}, {32, 16}, {20, 5}};
        for (int[] c : cases) {
            for (boolean bias : new boolean[] {true, false}) check(c[0], c[1], bias);
        }
    }

    @Test
    void refusesOtherKernels() {
        try (NDManager m = NetworkTestSupport.manager()) {
            Conv2d conv = Conv2d.of(5, 5, 4, true);
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 2, 8, 8));
            NDArray x = m.ones(new Shape(1, 2, 4, 4));
            assertThrows(IllegalStateException.class, () -> conv.forwardOnRepeated2x(new ParameterStore(m, false), x, false));
        }
    }

    private static void check(int in, int filters, boolean bias) {
        String what = in + " -> " + filters + (bias ? ", bias" : ", no bias");
        try (NDManager m = NetworkTestSupport.manager()) {
            Engine.getInstance().setRandomSeed(11);
            Conv2d conv = Conv2d.of(3, 3, filters, bias);
            conv.setInitializer(new NormalInitializer(0.5f), p -> true);
            conv.initialize(m, DataType.FLOAT32, new Shape(2, in, 10, 14));
            NDArray x = m.randomUniform(-1f, 2f, new Shape(2, in, 5, 7));
            NDArray g = m.randomUniform(-1f, 1f, new Shape(2, filters, 10, 14));
            float[][] plain = run(conv, x, g, false);
            float[][] fused = run(conv, x, g, true);
            assertEquals(plain.length, fused.length, what);
            for (int i = 0; i < plain.length; i++) assertArrayEquals(plain[i], fused[i], 1e-4f, what + ", array " + i);
            // inference takes the same path without autograd
            float[] inference;
            try (NDManager call = m.newSubManager()) {
                inference = conv.forwardOnRepeated2x(new ParameterStore(call, false), x.duplicate(), false).toFloatArray();
            }
            assertArrayEquals(plain[0], inference, 1e-4f, what + ", inference");
        }
    }

    /** Output, then the gradients of sum(y * g) in x and in each parameter. */
    private static float[][] run(Conv2d conv, NDArray x0, NDArray g, boolean fused) {
        NDArray x = x0.duplicate();
        x.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            ParameterStore ps = new ParameterStore(x.getManager(), false);
            y = fused ? conv.forwardOnRepeated2x(ps, x, true)
                    : conv.forward(ps, new NDList(Resampling.repeat2x(x)), true).singletonOrThrow();
            gc.backward(y.mul(g).sum());
        }
        float[][] out = new float[2 + conv.getParameters().size()][];
        out[0] = y.toFloatArray();
        out[1] = x.getGradient().toFloatArray();
        for (int i = 0; i < conv.getParameters().size(); i++) {
            out[2 + i] = conv.getParameters().valueAt(i).getArray().getGradient().toFloatArray();
        }
        return out;
    }
}
