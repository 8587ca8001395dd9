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
        // DJL's PyTorch binding averages over one axis at a time. (A division by a Java scalar would
        // also work but is unsafe under autograd: DJL frees the scalar's buffer before backward.)
        return features.mean(new int[] {3}).mean(new int[] {2});
    }
}
