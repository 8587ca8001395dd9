package org.scsefiji.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.util.PairList;

/**
 * Decides what a channel squeeze (global average over H x W) averages over. Without a context the
 * squeeze averages the feature map it is given (training). Tiled inference passes one so that every
 * tile uses the statistics of the whole image, making tiled and untiled results equal.
 *
 * <p>Squeezes are numbered in the order a forward pass reaches them (site 0, 1, ...); the context
 * counts them itself, so blocks need no ids.
 */
public interface SqueezeContext {
    /** Key of the context in the forward parameters. */
    String KEY = "scse.squeeze";

    /**
     * @param features the feature map (N, C, h, w) about to be squeezed
     * @return the squeeze (N, C)
     */
    NDArray squeeze(NDArray features);

    /** The squeeze every channel-SE block must use: the context's if one was passed, else the plain mean. */
    static NDArray squeeze(NDArray features, PairList<String, Object> params) {
        Object ctx = params == null ? null : params.get(KEY);
        if (ctx instanceof SqueezeContext) return ((SqueezeContext) ctx).squeeze(features);
        // PyTorch's DJL binding averages over one axis only; sum over both and divide instead, by a
        // libtorch-owned scalar (see TorchScalars: a plain float divisor is freed before the backward pass).
        ai.djl.ndarray.types.Shape s = features.getShape();
        return features.sum(new int[] {2, 3}).div(org.scsefiji.engine.TorchScalars.of(features, (float) (s.get(2) * s.get(3))));
    }
}
