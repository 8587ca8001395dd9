package org.scsefiji.nn.se;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.scsefiji.nn.SqueezeContext;

/**
 * cSE (TMI II-A): squeeze each channel to its spatial mean z, excite s = sigmoid(W1 relu(W2 z)) with
 * W2: C -> C/r and W1: C/r -> C (both with bias), output s_c * u_c. The squeeze goes through
 * {@link SqueezeContext} so tiled inference can use whole-image statistics.
 */
public final class ChannelSe extends AbstractBlock {
    private final Linear reduce;
    private final Linear expand;
    private final int channels;

    public ChannelSe(int channels, int reduction) {
        super((byte) 1);
        if (reduction < 1) throw new IllegalArgumentException("reduction ratio must be >= 1, got " + reduction);
        this.channels = channels;
        // At least one hidden unit, so that r may exceed C for small maps (e.g. a 2-class classifier).
        reduce = addChildBlock("reduce", Linear.builder().setUnits(Math.max(1, channels / reduction)).build());
        expand = addChildBlock("expand", Linear.builder().setUnits(channels).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray z = SqueezeContext.squeeze(x, params);
        NDArray h = reduce.forward(ps, new NDList(z), training, params).singletonOrThrow();
        h = Activation.relu(h);
        NDArray s = Activation.sigmoid(expand.forward(ps, new NDList(h), training, params).singletonOrThrow());
        return new NDList(x.mul(s.expandDims(2).expandDims(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        reduce.initialize(manager, dataType, new Shape(n, channels));
        expand.initialize(manager, dataType, reduce.getOutputShapes(new Shape[] {new Shape(n, channels)}));
    }
}
