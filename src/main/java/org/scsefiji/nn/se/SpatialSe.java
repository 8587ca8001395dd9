package org.scsefiji.nn.se;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.scsefiji.nn.AttentionRecorder;
import org.scsefiji.nn.ops.PointwiseConvolution;

/**
 * sSE (TMI II-B): squeeze channels with a 1x1 convolution C -> 1 (with bias), excite each pixel with
 * sigmoid(q(i, j)), output sigmoid(q) * u. The gate is handed to an {@link AttentionRecorder} if one
 * listens, so users can see where the network looks.
 */
public final class SpatialSe extends AbstractBlock {
    private final Conv2d squeeze;

    public SpatialSe() {
        super((byte) 1);
        squeeze = addChildBlock("squeeze", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray q;
        if (PointwiseConvolution.suits(x, 1)) {
            // The same parameters, computed as a matrix product (see PointwiseConvolution: oneDNN is slow here).
            Device d = x.getDevice();
            q = PointwiseConvolution.apply(x, ps.getValue(squeeze.getParameters().get("weight"), d, training),
                    ps.getValue(squeeze.getParameters().get("bias"), d, training));
        } else {
            q = squeeze.forward(ps, inputs, training, params).singletonOrThrow();
        }
        NDArray gate = Activation.sigmoid(q);
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
