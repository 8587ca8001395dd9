package org.scsefiji.infer;

import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.SegmentationNetwork;

/** The tiling contract on a one-pool scSE network (size multiple 2). */
class TinyScseNetOnePoolTest extends SegmenterContract {
    @Override
    SegmentationNetwork network(NetworkSpec spec) {
        return new TinyScseNet(spec, 1);
    }
}
