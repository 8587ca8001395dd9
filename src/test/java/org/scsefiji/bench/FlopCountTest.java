package org.scsefiji.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Architecture;

class FlopCountTest {
    /** Inputs past 64 size multiples squared are counted from two small ones: that must equal counting at the input itself. */
    @ParameterizedTest
    @EnumSource(Architecture.class)
    void largeInputsAreCountedFromTwoSmallOnesExactly(Architecture a) {
        NetworkSpec spec = NetworkSpec.builder().architecture(a).features(4).classCount(3).build();
        for (long[] shape : new long[][] {{1, 1, 640, 704}, {2, 1, 600, 650}}) {
            long direct = FlopCount.counted(spec, shape);
            assertEquals(direct, FlopCount.forward(spec, shape), a + " " + shape[2] + " x " + shape[3]);
        }
    }
}
