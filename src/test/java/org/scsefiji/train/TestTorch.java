package org.scsefiji.train;

import ai.djl.pytorch.jni.JniUtils;
import org.scsefiji.engine.TorchEngine;

/** Engine settings for training tests. */
final class TestTorch {
    private TestTorch() {
    }

    /**
     * One intra-op thread. On the shared 2-core test machine two OpenMP threads spin-wait against other
     * processes and a step takes 10-30 times longer (measured: 1-3 s instead of 0.15 s). One fixed count
     * also keeps CPU results bit-for-bit repeatable between runs.
     */
    static void singleThread() {
        TorchEngine.get();
        JniUtils.setNumThreads(1);
    }
}
