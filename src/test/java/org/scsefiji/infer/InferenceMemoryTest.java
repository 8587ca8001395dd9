package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.util.cuda.CudaUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class InferenceMemoryTest {
    private static final long GB = 1L << 30;

    @Test
    void quietMachineGivesThreeQuartersOfWhatIsFreeBeyondTheHeapsGrowth() {
        // 24 GB, 23 free, a 6 GB heap of which 0.5 GB is committed: 23 - 5.5 = 17.5 < 24 - 6 = 18
        assertEquals(17.5 * GB / 4 * 3, InferenceMemory.budgetBytes(24 * GB, 23 * GB, 6 * GB, GB / 2), 1.0);
    }

    @Test
    void busyMachineSetsTheHeapsGrowthAside() {
        // 10 GB free, but the heap may still take 5 of them: 3/4 of 5, not of 10 or of 18
        assertEquals(5 * GB / 4 * 3, InferenceMemory.budgetBytes(24 * GB, 10 * GB, 6 * GB, GB));
    }

    @Test
    void fijiHeapOfMostOfTheMachineLeavesAQuarter() {
        // Fiji with -Xmx of 3/4 of 16 GB: what the heap leaves (4 GB) bounds the budget even if all is free now
        assertEquals(4 * GB / 4 * 3, InferenceMemory.budgetBytes(16 * GB, 15 * GB, 12 * GB, 12 * GB));
    }

    @Test
    void neverBelowTheFloorEvenWhenTheHeapMayTakeEverything() {
        assertEquals(512L << 20, InferenceMemory.budgetBytes(8 * GB, 2 * GB, 6 * GB, GB));
    }

    @Test
    void aGpuGetsThreeQuartersOfItsOwnFreeMemoryNotTheHosts() {
        // an 8 GB card with 1 GB in use: 3/4 of 7, whatever the host has
        assertEquals(7 * GB / 4 * 3, InferenceMemory.gpuBudgetBytes(8 * GB, GB));
        assertEquals(512L << 20, InferenceMemory.gpuBudgetBytes(8 * GB, 8 * GB));
    }

    @Test
    void aGpuThatCudaCannotDescribeGetsASmallBudgetAndTheCpuTheHostRule() {
        // without a CUDA runtime, asking for GPU 0's memory fails, and the budget falls back
        Assumptions.assumeFalse(CudaUtils.hasCuda(), "this machine has CUDA");
        assertEquals(2 * GB, InferenceMemory.budgetBytes(ai.djl.Device.gpu()));
        long host = InferenceMemory.budgetBytes(ai.djl.Device.cpu());
        assertEquals(host, InferenceMemory.budgetBytes(), GB);
    }

    @Test
    void propertyValuesParse() {
        assertEquals(6 * GB, InferenceMemory.parseBytes("6g", "p"));
        assertEquals(3000L << 20, InferenceMemory.parseBytes(" 3000M ", "p"));
    }
}
