package org.scsefiji.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;

/**
 * Our networks against their PyTorch twin (bench's twin.py, built from PyTorch's own operators): the same
 * probabilities and float64 gradients. Needs a python3 with torch; skipped without one.
 */
class TwinCheckTest {
    private static WorkerProcess twin;
    private static int threadsBefore;

    /** One thread on each side: tiny tensors, and a busy machine makes OpenMP threads wait for each other. */
    @BeforeAll
    static void startTwin() throws IOException {
        assumeTrue(PythonTwin.python().isPresent(), "no python with PyTorch: the twin check is skipped");
        TorchEngine.get();
        threadsBefore = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        twin = PythonTwin.start("torch", 1, null);
    }

    @AfterAll
    static void stopTwin() {
        if (twin == null) return;
        twin.close();
        JniUtils.setNumThreads(threadsBefore);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void twinGivesTheSameProbabilitiesAndGradients(Architecture arch) throws IOException {
        for (NetworkSpec spec : TwinCheck.specs(arch)) {
            TwinCheck.Result r = TwinCheck.run(spec, twin);
            assertTrue(r.withinTolerance(), r.line());
        }
    }

    /** Negative control: the same weights in a twin that joins cSE and sSE by addition instead of max-out. */
    @Test
    void aTwinOfAnotherNetworkIsCaught() throws IOException {
        NetworkSpec ours = TwinCheck.specs(Architecture.RELAYNET).get(0);
        TwinCheck.Result r = TwinCheck.run(ours, ours.toBuilder().aggregation(Aggregation.ADD).build(), twin);
        assertFalse(r.withinTolerance(), r.line());
        assertTrue(r.evalProbabilities > 1e-3, r.line());
    }
}
