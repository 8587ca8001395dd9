package org.scsefiji.nn.se;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.SeBlockType;

/** Makes the SE block a spec asks for, and says how many channels it outputs. */
public final class SeBlocks {
    private SeBlocks() {
    }

    /** The block recalibrating a C-channel feature map; {@link SeBlockType#NONE} gives the identity. */
    public static Block create(SeBlockType type, Aggregation aggregation, int channels, int reduction) {
        switch (type) {
            case NONE:
                return Blocks.identityBlock();
            case CSE:
                return new ChannelSe(channels, reduction);
            case SSE:
                return new SpatialSe();
            case SCSE:
                return new ScSe(channels, reduction, aggregation);
            default:
                throw new IllegalArgumentException("unknown SE block " + type);
        }
    }

    /** Output channels: 2C for scSE with concatenation, else C. */
    public static int outputChannels(SeBlockType type, Aggregation aggregation, int channels) {
        return type == SeBlockType.SCSE && aggregation == Aggregation.CONCAT ? 2 * channels : channels;
    }

    /** True for the blocks {@link #create} makes for an SE type other than none. */
    public static boolean isSeBlock(Block block) {
        return block instanceof ChannelSe || block instanceof SpatialSe || block instanceof ScSe;
    }
}
