package org.scsefiji.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.ScseModel;

/** P1-P6 put SE blocks where TMI II-D says, and both skip configurations are real. */
class PlacementTest {
    @ParameterizedTest(name = "{0} -> {1} blocks")
    @CsvSource({"P1, 4", "P2, 4", "P3, 1", "P4, 1", "P5, 8", "P6, 10"})
    void unetPlacementsCountTheirBlocks(Placement p, int blocks) {
        NetworkSpec spec = NetworkTestSupport.small(Architecture.UNET).positions(List.of(p)).build();
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 1)) {
            NetworkSummary s = NetworkSummary.of(model.network());
            assertEquals(blocks, s.seBlockCount());
            // features 8, r = 2: cSE 2*8*8/2 = 64 + sSE 8 weights per feature block; at P4 the 3-class
            // classifier gets cSE 3*1 + 1*3 = 6 (one hidden unit) + sSE 3
            long perBlock = 64 + 8;
            long expected = p == Placement.P4 ? 9 : p == Placement.P6 ? 9 * perBlock + 9 : blocks * perBlock;
            assertEquals(expected, s.seWeights());
        }
    }

    @Test
    void combinedPlacementsAreTheUnionOfTheirSites() {
        NetworkSpec spec = NetworkTestSupport.small(Architecture.RELAYNET).positions(List.of(Placement.P1, Placement.P3)).build();
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 1)) {
            assertEquals(4, NetworkSummary.of(model.network()).seBlockCount());
        }
    }

    @Test
    void uncalibratedSkipFeedsTheDecoderOtherFeatures() {
        NetworkSpec recal = NetworkTestSupport.small(Architecture.RELAYNET).build();
        NetworkSpec uncal = recal.toBuilder().skip(SkipMode.UNCALIBRATED).build();
        try (ScseModel a = NetworkTestSupport.seededModel(recal, 4);
                ScseModel b = NetworkTestSupport.seededModel(uncal, 4);
                NDManager m = NetworkTestSupport.manager()) {
            var x = NetworkTestSupport.randomInput(m, 1, 1, 1, 32, 16);
            // same seed, same shapes: identical weights; only the skip source differs
            assertFalse(NetworkTestSupport.forward(a, x).contentEquals(NetworkTestSupport.forward(b, x)));
        }
    }
}
