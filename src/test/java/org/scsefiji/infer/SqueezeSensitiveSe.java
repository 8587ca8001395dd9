package org.scsefiji.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.scsefiji.nn.AttentionRecorder;
import org.scsefiji.nn.SqueezeContext;

/**
 * scSE for test networks (max-out of cSE and sSE), or cSE alone. The squeeze is amplified before the
 * excitation so that the channel gates react strongly to what the squeeze averages over: a squeeze
 * taken per tile instead of per image changes probabilities by far more than the 1e-4 tolerance.
 */
final class SqueezeSensitiveSe extends AbstractBlock {
    private static final float GAIN = 8;
    private final int channels;
    private final boolean spatial;
    private final Linear reduce;
    private final Linear expand;
    private final Conv2d gate;

    SqueezeSensitiveSe(int channels, boolean spatial) {
        super((byte) 1);
        this.channels = channels;
        this.spatial = spatial;
        reduce = addChildBlock("reduce", Linear.builder().setUnits(Math.max(1, channels / 2)).build());
        expand = addChildBlock("expand", Linear.builder().setUnits(channels).build());
        gate = spatial ? addChildBlock("gate", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build()) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray z = SqueezeContext.squeeze(x, params).mul(GAIN);
        NDArray h = Activation.relu(reduce.forward(ps, new NDList(z), training, params).singletonOrThrow());
        NDArray s = Activation.sigmoid(expand.forward(ps, new NDList(h), training, params).singletonOrThrow());
        NDArray cse = x.mul(s.expandDims(2).expandDims(3));
        if (!spatial) return new NDList(cse);
        NDArray q = Activation.sigmoid(gate.forward(ps, inputs, training, params).singletonOrThrow());
        AttentionRecorder.record(q, params);
        return new NDList(NDArrays.maximum(cse, x.mul(q)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        reduce.initialize(manager, dataType, new Shape(n, channels));
        expand.initialize(manager, dataType, new Shape(n, Math.max(1, channels / 2)));
        if (gate != null) gate.initialize(manager, dataType, inputShapes);
    }
}
