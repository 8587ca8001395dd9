package org.scsefiji.infer;

import ai.djl.ndarray.NDArray;
import org.scsefiji.nn.AttentionRecorder;

/**
 * Keeps the first and the last sSE gate of a forward: in an encoder-decoder those belong to the first
 * encoder block and the last decoder block. The gates live in the forward's NDManager; read them
 * before it closes.
 */
final class FirstAndLastGate implements AttentionRecorder {
    private NDArray first;
    private NDArray last;
    private int count;

    @Override
    public void record(NDArray gate) {
        if (first == null) first = gate;
        last = gate;
        count++;
    }

    NDArray first() {
        return first;
    }

    NDArray last() {
        return last;
    }

    int count() {
        return count;
    }
}
