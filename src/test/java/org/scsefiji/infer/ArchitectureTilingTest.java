package org.scsefiji.infer;

import org.junit.jupiter.api.Nested;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Networks;
import org.scsefiji.nn.SegmentationNetwork;

/**
 * The tiling contract for every real architecture (small features). The slowest tests of the suite
 * (minutes: 4-pool networks need tiles of about 288 pixels and a pass per squeeze site), and the
 * central promise of tiled inference, so they always run.
 */
class ArchitectureTilingTest {
    static SegmentationNetwork build(NetworkSpec spec, Architecture architecture) {
        return Networks.create(spec.toBuilder().architecture(architecture).build());
    }

    @Nested
    class Unet extends SegmenterContract {
        @Override
        SegmentationNetwork network(NetworkSpec spec) {
            return build(spec, Architecture.UNET);
        }
    }

    @Nested
    class SdNet extends SegmenterContract {
        @Override
        SegmentationNetwork network(NetworkSpec spec) {
            return build(spec, Architecture.SDNET);
        }
    }

    @Nested
    class FcDenseNet extends SegmenterContract {
        @Override
        SegmentationNetwork network(NetworkSpec spec) {
            return build(spec, Architecture.FCDENSENET);
        }
    }

    @Nested
    class ReLayNet extends SegmenterContract {
        @Override
        SegmentationNetwork network(NetworkSpec spec) {
            return build(spec, Architecture.RELAYNET);
        }
    }

    @Nested
    class FocusNetPlusPlus extends SegmenterContract {
        @Override
        SegmentationNetwork network(NetworkSpec spec) {
            return build(spec, Architecture.FOCUSNETPP);
        }
    }
}
