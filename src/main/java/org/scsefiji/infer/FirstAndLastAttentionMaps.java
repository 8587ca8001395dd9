package org.scsefiji.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.scsefiji.nn.AttentionRecorder;

/**
 * Keeps the first and the last sSE gate of a forward: in an encoder-decoder those belong to the first
 * encoder block and the last decoder block. Networks free each stage's intermediates when the stage
 * ends, so kept gates move to the forward's own manager; read them before it closes.
 */
final class FirstAndLastAttentionMaps implements AttentionRecorder {
    private final NDManager keep;
    private NDArray first;
    private NDArray last;
    private int count;

    FirstAndLastAttentionMaps(NDManager keep) {
        this.keep = keep;
    }

    @Override
    public void record(NDArray gate) {
        gate.attach(keep);
        if (first == null) first = gate;
        else if (last != first) last.close();
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
