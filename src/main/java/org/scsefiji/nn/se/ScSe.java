package org.scsefiji.nn.se;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.scsefiji.nn.Aggregation;

/** scSE (TMI II-C): cSE and sSE side by side on the same input, joined by an {@link Aggregation}. */
public final class ScSe extends AbstractBlock {
    private final ChannelSe channel;
    private final SpatialSe spatial;
    private final Aggregation aggregation;

    public ScSe(int channels, int reduction, Aggregation aggregation) {
        super((byte) 1);
        this.aggregation = aggregation;
        channel = addChildBlock("cse", new ChannelSe(channels, reduction));
        spatial = addChildBlock("sse", new SpatialSe());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray c = channel.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray s = spatial.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray joined = aggregate(c, s);
        // The branches are full-size maps: freed now rather than when the caller's manager closes (closing
        // drops only these handles; autograd keeps what backward needs).
        c.close();
        s.close();
        return new NDList(joined);
    }

    private NDArray aggregate(NDArray c, NDArray s) {
        switch (aggregation) {
            case MAX:
                return NDArrays.maximum(c, s);
            case ADD:
                return c.add(s);
            case MULTIPLY:
                return c.mul(s);
            case CONCAT:
                return c.concat(s, 1);
            default:
                throw new IllegalStateException("unknown aggregation " + aggregation);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (aggregation != Aggregation.CONCAT) return inputShapes;
        return new Shape[] {new Shape(in.get(0), in.get(1) * 2, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        channel.initialize(manager, dataType, inputShapes);
        spatial.initialize(manager, dataType, inputShapes);
    }
}
