package org.scsefiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.engine.TorchScalars;
import org.scsefiji.nn.se.ChannelSe;
import org.scsefiji.train.loss.CombinedLoss;
import org.scsefiji.train.loss.HybridLogarithmicLoss;

/**
 * Gradients must not change when the garbage collector runs between the forward and the backward pass.
 * DJL frees the Java memory behind scalar operands ({@code x.div(3f)}) while autograd still needs them;
 * see {@link TorchScalars}. Each case computes its gradient once straight through, then several times
 * with a GC and fresh native allocations in between, and the gradients must match bit for bit.
 */
class BackwardAfterGcTest {
    private static final int REPEATS = 8;

    private static float[] gradient(NDManager base, float[] input, Shape shape, Function<NDArray, NDArray> f, boolean gc) {
        try (NDManager m = base.newSubManager()) {
            NDArray x = m.create(input, shape).duplicate();
            x.setRequiresGradient(true);
            try (GradientCollector c = TorchEngine.get().newGradientCollector()) {
                NDArray y = f.apply(x);
                if (gc) disturbMemory();
                c.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Frees unreachable direct buffers and reuses native memory with large values. */
    private static void disturbMemory() {
        System.gc();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 16) * 4);
            while (b.remaining() >= 4) b.putFloat(1e30f);
            junk.add(b);
        }
    }

    private static void check(Shape shape, Function<NDArray, NDArray> f) {
        TorchEngine.get();
        java.util.Random r = new java.util.Random(5);
        float[] input = new float[(int) shape.size()];
        for (int i = 0; i < input.length; i++) input[i] = r.nextFloat() * 4 - 2;
        try (NDManager base = NDManager.newBaseManager(ai.djl.Device.cpu(), TorchEngine.ENGINE)) {
            float[] expected = gradient(base, input, shape, f, false);
            for (int i = 0; i < REPEATS; i++) assertArrayEquals(expected, gradient(base, input, shape, f, true), 0f, "repeat " + i);
        }
    }

    private static NDList labels(NDArray logits) {
        Shape s = logits.getShape();
        int n = (int) (s.get(0) * s.get(2) * s.get(3));
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = i % 7 == 0 ? 255 : i % (int) s.get(1);
        return new NDList(logits.getManager().create(ids, new Shape(s.get(0), s.get(2), s.get(3))));
    }

    @Test
    void crossEntropyPlusDice() {
        Loss loss = CombinedLoss.crossEntropyPlusDice(new float[] {0.5f, 2f, 1f});
        check(new Shape(2, 3, 6, 5), x -> loss.evaluate(labels(x), new NDList(x)));
    }

    @Test
    void hybridLogarithmicWithClassWeights() {
        Loss loss = HybridLogarithmicLoss.builder(new float[] {0.5f, 2f, 1f}).build();
        check(new Shape(2, 3, 6, 5), x -> loss.evaluate(labels(x), new NDList(x)));
    }

    @Test
    void channelSqueezeAndExcitation() {
        Block se = new ChannelSe(4, 2);
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), TorchEngine.ENGINE)) {
            TorchEngine.get();
            se.initialize(m, DataType.FLOAT32, new Shape(2, 4, 3, 3));
            check(new Shape(2, 4, 3, 3), x -> {
                NDArray y = se.forward(new ParameterStore(x.getManager(), false), new NDList(x), true).head();
                return y.mul(y).sum();
            });
        }
    }
}
