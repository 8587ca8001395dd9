package org.scsefiji.nn.arch;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.scsefiji.nn.ops.Resampling;

/**
 * A 2x2 stride-2 transposed convolution (U-Net's up-convolution), built as a 1x1 convolution to 4F
 * channels followed by depth-to-space: exactly equivalent, and it runs on DJL's PyTorch engine, whose
 * own transposed convolution is not implemented.
 */
final class TransposedConv2x2 extends AbstractBlock {
    private final Conv2d conv;
    private final int filters;

    TransposedConv2x2(int filters) {
        super((byte) 1);
        this.filters = filters;
        conv = addChildBlock("conv", ConvBlocks.conv(1, 1, 4 * filters, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Resampling.depthToSpace2x(conv.forward(ps, inputs, training, params).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, in.get(2) * 2, in.get(3) * 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
    }
}
