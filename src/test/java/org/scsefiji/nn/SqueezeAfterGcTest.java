package org.scsefiji.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.nn.se.ChannelSe;

/**
 * The channel squeeze must not divide by a Java scalar: DJL frees the scalar's buffer right after the
 * operation, autograd still reads it in the backward pass, and after a garbage collection the gradients
 * come out wrong or NaN (seen in training: random NaN losses and irreproducible runs with every cSE and
 * scSE network, while sSE and no SE were stable). The gradient of a cSE block must be the same with a
 * collection and fresh native allocations between forward and backward.
 */
class SqueezeAfterGcTest {
    @Test
    void channelSeGradientsSurviveAGarbageCollectionBeforeBackward() {
        TorchEngine.get();
        Shape shape = new Shape(2, 4, 3, 3);
        Random r = new Random(5);
        float[] input = new float[(int) shape.size()];
        for (int i = 0; i < input.length; i++) input[i] = r.nextFloat() * 4 - 2;
        try (NDManager base = NDManager.newBaseManager(Device.cpu(), TorchEngine.ENGINE)) {
            ChannelSe se = new ChannelSe(4, 2);
            se.initialize(base, DataType.FLOAT32, shape);
            float[] expected = gradient(base, se, input, shape, false);
            for (int i = 0; i < 8; i++) assertArrayEquals(expected, gradient(base, se, input, shape, true), 0f, "repeat " + i);
        }
    }

    private static float[] gradient(NDManager base, ChannelSe se, float[] input, Shape shape, boolean collect) {
        try (NDManager m = base.newSubManager()) {
            NDArray x = m.create(input, shape).duplicate();
            x.setRequiresGradient(true);
            try (GradientCollector c = TorchEngine.get().newGradientCollector()) {
                NDArray y = se.forward(new ParameterStore(m, false), new NDList(x), true).head();
                NDArray loss = y.mul(y).sum();
                if (collect) disturbMemory();
                c.backward(loss);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Frees unreachable direct buffers and refills native memory with large values. */
    private static void disturbMemory() {
        System.gc();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 16) * 4);
            while (b.remaining() >= 4) b.putFloat(1e30f);
            junk.add(b);
        }
    }
}
