package org.scsefiji.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Networks;
import org.scsefiji.nn.SegmentationNetwork;

/**
 * Floating-point operations of one forward pass, counted analytically from the block tree of a network
 * initialised at the workload's input shape: 2 * k_h * k_w * C_in / groups * C_out * H_out * W_out * N per
 * convolution, 2 * in * out * N per fully connected layer (a multiply-add is 2 FLOPs). Batch norm,
 * activations, pooling, SE gating and the other element-wise operations are not counted: together they are
 * a few per cent of the convolutions here. A training step is counted as 3 forward passes (forward,
 * gradient of the inputs, gradient of the weights). The count is of the network as defined, not as executed:
 * FocusNet++'s decoder convolutions of up-sampled inputs count as 3x3 convolutions at the higher resolution, though
 * they execute 4/9 of that ({@code Conv2d.forwardOnRepeated2x}), as a fast convolution algorithm counts by its
 * definition.
 */
final class FlopCount {
    private FlopCount() {
    }

    static long forward(NetworkSpec spec, long[] inputShape) {
        // Counting initialises the network at the input shape, which runs it: at 4096^2 that held 9.5 GB in this
        // process (and starved the workers' memory budgets), 16384^2 would not fit. Every operation's size is a
        // constant (the SE blocks' channel layers) plus a multiple of the pixels the layers see (padded to the size
        // multiple, so every level halves exactly), so two small counts give the large one exactly.
        int n = inputShape.length;
        int m = Networks.create(spec).sizeMultiple();
        long pixels = roundUp(inputShape[n - 2], m) * roundUp(inputShape[n - 1], m);
        long small = 4L * m;
        if (pixels <= 4 * small * small) return counted(spec, inputShape);
        long[] a = inputShape.clone();
        long[] b = inputShape.clone();
        a[n - 2] = a[n - 1] = small;
        b[n - 2] = b[n - 1] = 2 * small;
        long fa = counted(spec, a);
        long fb = counted(spec, b);
        double perPixel = (double) (fb - fa) / (3 * small * small);
        return Math.round(fa + perPixel * (pixels - small * small));
    }

    private static long roundUp(long v, long m) {
        return (v + m - 1) / m * m;
    }

    static long counted(NetworkSpec spec, long[] inputShape) {
        TorchEngine.get();
        return TorchEngine.withPluginClassLoader(() -> {
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), TorchEngine.ENGINE)) {
                SegmentationNetwork net = Networks.create(spec);
                net.initialize(m, DataType.FLOAT32, new Shape(inputShape));
                return count(net);
            }
        });
    }

    static long trainingStep(NetworkSpec spec, long[] inputShape) {
        return 3 * forward(spec, inputShape);
    }

    private static long count(Block b) {
        if (b instanceof Convolution) {
            Convolution c = (Convolution) b;
            Shape in = c.getInputShapes()[0];
            Shape out = c.getOutputShapes(c.getInputShapes())[0];
            long perOutput = 2L * c.getKernelShape().size() * in.get(1) / c.getGroups();
            return perOutput * out.size();
        }
        if (b instanceof Linear) {
            Shape in = b.getInputShapes()[0];
            Shape out = b.getOutputShapes(b.getInputShapes())[0];
            return 2L * in.get(in.dimension() - 1) * out.size();
        }
        long n = 0;
        for (Pair<String, Block> child : b.getChildren()) n += count(child.getValue());
        return n;
    }
}
