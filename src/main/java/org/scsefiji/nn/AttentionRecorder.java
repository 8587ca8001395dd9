package org.scsefiji.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.util.PairList;

/**
 * Receives the spatial excitation maps (sSE gates, (N, 1, h, w) in [0, 1]) in the order a forward pass
 * computes them, so users can see where the network looks (TMI Fig. 7).
 */
public interface AttentionRecorder {
    /** Key of the recorder in the forward parameters. */
    String KEY = "scse.attention";

    /**
     * @param gate the gate; in inference it lives in a stage scope that is freed when the stage ends,
     *        so a recorder that keeps it must attach it to a manager of its own (or copy its values)
     */
    void record(NDArray gate);

    /** Called by every sSE block with its gate. */
    static void record(NDArray gate, PairList<String, Object> params) {
        Object r = params == null ? null : params.get(KEY);
        if (r instanceof AttentionRecorder) ((AttentionRecorder) r).record(gate);
    }
}
