package org.scsefiji.infer;

import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.SegmentationNetwork;

/** The tiling contract on a two-pool scSE network (size multiple 4, squeezes at three scales). */
class TinyScseNetTwoPoolsTest extends SegmenterContract {
    @Override
    SegmentationNetwork network(NetworkSpec spec) {
        return new TinyScseNet(spec, 2);
    }
}
