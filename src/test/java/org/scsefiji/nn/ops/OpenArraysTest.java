package org.scsefiji.nn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.scsefiji.nn.NetworkTestSupport;

/**
 * Our convolution ops leave nothing open in the forward's manager but their output. In inference that manager
 * closes only at the end of the forward, so an open intermediate, or an open view (which keeps its whole storage),
 * would hold a full map until then: FocusNet++ of 12 features held 684 bytes per pixel at its squeeze sites
 * instead of 156, which made a 4096 x 4096 image need 9 forwards per tile instead of 1.
 */
class OpenArraysTest {
    @Test
    void pointwiseConvolutionLeavesOnlyItsOutput() {
        try (NDManager m = NetworkTestSupport.manager(); NDManager call = m.newSubManager()) {
            NDArray w = m.randomUniform(-1f, 1f, new Shape(3, 20, 1, 1));
            NDArray b = m.randomUniform(-1f, 1f, new Shape(3));
            NDArray x = call.randomUniform(0f, 1f, new Shape(1, 20, 6, 4));
            NDArray y = PointwiseConvolution.apply(x, w, b);
            assertEquals(2, open(call), "x and the output");
            x.close();
            assertEquals(3 * 6 * 4, y.toFloatArray().length, "the output outlives its input");
        }
    }

    /** 12 input channels are padded to 16 (the oneDNN work-around), in inference and, with the filters too, in training. */
    @Test
    void paddedConvolutionLeavesOnlyItsOutput() {
        inBothGradModes(gradMode -> {
            try (NDManager m = NetworkTestSupport.manager()) {
                Conv2d conv = Conv2d.of(3, 3, 12, true);
                conv.initialize(m, DataType.FLOAT32, new Shape(1, 12, 8, 6));
                try (NDManager call = m.newSubManager()) {
                    NDArray x = call.randomUniform(0f, 1f, new Shape(1, 12, 8, 6));
                    NDArray y = conv.forward(new ParameterStore(call, false), new NDList(x), false).singletonOrThrow();
                    assertEquals(new Shape(1, 12, 8, 6), y.getShape());
                    assertEquals(2, open(call), "x and the output, grad mode " + gradMode);
                }
            }
        });
    }

    /** The up-sampled convolution: nothing left in the call's manager but x and the output, nothing added to the parameters'. */
    @Test
    void repeatedConvolutionLeavesOnlyItsOutput() {
        inBothGradModes(gradMode -> {
            try (NDManager m = NetworkTestSupport.manager()) {
                Conv2d conv = Conv2d.of(3, 3, 12, true);
                conv.initialize(m, DataType.FLOAT32, new Shape(1, 24, 8, 6));
                long parameters = open(m);
                try (NDManager call = m.newSubManager()) {
                    NDArray x = call.randomUniform(0f, 1f, new Shape(1, 24, 4, 3));
                    NDArray y = conv.forwardOnRepeated2x(new ParameterStore(call, false), x, false);
                    assertEquals(new Shape(1, 12, 8, 6), y.getShape());
                    assertEquals(2, open(call), "x and the output, grad mode " + gradMode);
                    assertEquals(parameters + open(call), open(m), "the model's manager (it lists its sub-managers' arrays too), grad mode " + gradMode);
                }
            }
        });
    }

    /** Runs {@code check} with autograd recording off and on (then the work-around pads the filters too), restoring the mode. */
    private static void inBothGradModes(Consumer<Boolean> check) {
        boolean before = JniUtils.isGradMode();
        try {
            for (boolean gradMode : new boolean[] {false, true}) {
                JniUtils.setGradMode(gradMode);
                check.accept(gradMode);
            }
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    private static long open(NDManager manager) {
        return manager.getManagedArrays().stream().filter(a -> !a.isReleased()).count();
    }
}
