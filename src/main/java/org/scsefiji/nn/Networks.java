package org.scsefiji.nn;

import org.scsefiji.model.NetworkSpec;

/** Builds the network a spec describes. */
public final class Networks {
    private Networks() {
    }

    public static SegmentationNetwork create(NetworkSpec spec) {
        switch (spec.architecture()) {
            default:
                throw new UnsupportedOperationException("Architecture " + spec.architecture().key() + " is not built yet");
        }
    }
}
