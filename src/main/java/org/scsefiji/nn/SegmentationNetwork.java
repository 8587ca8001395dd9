package org.scsefiji.nn;

import ai.djl.nn.AbstractBlock;
import org.scsefiji.model.NetworkSpec;

/**
 * A segmentation network built from a {@link NetworkSpec}.
 *
 * <p>Contract: input NDList {x} with x of shape (N, input_channels, H, W), float32, any H and W >= 1;
 * output NDList {logits} of shape (N, classes, H, W). Inputs whose size is not a multiple of
 * {@link #sizeMultiple()} are padded inside forward and the output cropped back.
 *
 * <p>Forward parameters ({@code PairList<String, Object>}) are passed down to every child, so that
 * {@link SqueezeContext#KEY} and {@link AttentionRecorder#KEY} reach every SE block.
 */
public abstract class SegmentationNetwork extends AbstractBlock {
    private final NetworkSpec spec;

    protected SegmentationNetwork(NetworkSpec spec, byte version) {
        super(version);
        this.spec = spec;
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** 2^(number of poolings): input sizes that need no padding are multiples of this. */
    public abstract int sizeMultiple();

    /**
     * Half-width, in input pixels, of the region that influences one output pixel through
     * convolutions and pooling (channel squeezes excluded: they are global and handled by
     * {@link SqueezeContext}). Tiled inference overlaps tiles by at least this much.
     */
    public abstract int receptiveRadius();
}
