package org.scsefiji.nn.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The QuickNAT-style dense block of FC-DenseNet (networks.md section 3): BN-ReLU-conv5x5 (C_in -> F);
 * concat; BN-ReLU-conv5x5 (C_in + F -> F); concat; BN-ReLU-conv1x1 (C_in + 2F -> F).
 */
final class DenseBlock extends AbstractBlock {
    private final Block first;
    private final Block second;
    private final Block fuse;
    private final int filters;

    DenseBlock(int filters) {
        super((byte) 1);
        this.filters = filters;
        first = addChildBlock("conv1", ConvBlocks.bnReluConv(5, filters));
        second = addChildBlock("conv2", ConvBlocks.bnReluConv(5, filters));
        fuse = addChildBlock("fuse", ConvBlocks.bnReluConv(1, filters));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray o1 = first.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray c1 = x.concat(o1, 1);
        NDArray o2 = second.forward(ps, new NDList(c1), training, params).singletonOrThrow();
        return fuse.forward(ps, new NDList(c1.concat(o2, 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        first.initialize(manager, dataType, in);
        second.initialize(manager, dataType, widened(in, filters));
        fuse.initialize(manager, dataType, widened(in, 2L * filters));
    }

    private static Shape widened(Shape s, long extra) {
        return new Shape(s.get(0), s.get(1) + extra, s.get(2), s.get(3));
    }
}
