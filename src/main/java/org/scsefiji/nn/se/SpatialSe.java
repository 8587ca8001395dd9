package org.scsefiji.nn.se;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.scsefiji.nn.AttentionRecorder;
import org.scsefiji.nn.ops.Conv2d;

/**
 * sSE (TMI II-B): squeeze channels with a 1x1 convolution C -> 1 (with bias), excite each pixel with
 * sigmoid(q(i, j)), output sigmoid(q) * u. The gate is handed to an {@link AttentionRecorder} if one
 * listens, so users can see where the network looks.
 */
public final class SpatialSe extends AbstractBlock {
    /** Our convolution, which computes this 1x1 squeeze to one channel as a matrix product (oneDNN is slow here). */
    private final Conv2d squeeze;

    public SpatialSe() {
        super((byte) 1);
        squeeze = addChildBlock("squeeze", Conv2d.of(1, 1, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray gate = Activation.sigmoid(squeeze.forward(ps, inputs, training, params).singletonOrThrow());
        AttentionRecorder.record(gate, params);
        return new NDList(x.mul(gate));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        squeeze.initialize(manager, dataType, inputShapes);
    }
}
