package org.scsefiji.nn.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.scsefiji.nn.ops.Resampling;

/**
 * A 2x2 stride-2 transposed convolution (U-Net's up-convolution), built as a 1x1 convolution to 4F
 * channels without bias, depth-to-space, and one bias per output channel: exactly PyTorch's
 * {@code ConvTranspose2d(C, F, 2, stride=2)} (weight (C, F, 2, 2) = the 1x1 weight's channel 4f + 2i + j,
 * bias (F)), which DJL's PyTorch engine does not implement. A bias inside the 1x1 convolution would give
 * each of the four offsets its own bias: a different layer with 3F more parameters.
 */
final class TransposedConv2x2 extends AbstractBlock {
    private final Conv2d conv;
    private final Parameter bias;
    private final int filters;

    TransposedConv2x2(int filters) {
        super((byte) 2);
        this.filters = filters;
        conv = addChildBlock("conv", ConvBlocks.conv(1, 1, 4 * filters, false));
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = Resampling.depthToSpace2x(conv.forward(ps, inputs, training, params).singletonOrThrow());
        NDArray b = ps.getValue(bias, y.getDevice(), training);
        return new NDList(y.add(b.reshape(1, filters, 1, 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, in.get(2) * 2, in.get(3) * 2)};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        bias.setShape(new Shape(filters));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
    }
}
