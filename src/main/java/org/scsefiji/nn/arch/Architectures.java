package org.scsefiji.nn.arch;

import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.nn.arch.EncoderDecoderNetwork.Upsampling;

/**
 * The architectures of networks.md section 3: those of TMI III-B and ReLayNet as {@link EncoderDecoderNetwork}
 * recipes, and FocusNet++.
 */
public final class Architectures {
    private Architectures() {
    }

    /** U-Net: 4 levels of two 3x3 conv + ReLU (no batch norm), up-convolution, skip concatenation. */
    public static SegmentationNetwork unet(NetworkSpec spec) {
        return new EncoderDecoderNetwork(spec, 4, ConvBlocks::doubleConv, 2, Upsampling.TRANSPOSED_CONV);
    }

    /** SD-Net (TMI Table VII reference): 3 levels of 7x7 conv + BN + ReLU, unpooling with indices. */
    public static SegmentationNetwork sdnet(NetworkSpec spec) {
        return new EncoderDecoderNetwork(spec, 3, f -> ConvBlocks.convBnRelu(7, 7, f), 3, Upsampling.UNPOOL);
    }

    /** FC-DenseNet (QuickNAT-style dense blocks): 4 levels, unpooling with indices. */
    public static SegmentationNetwork fcDenseNet(NetworkSpec spec) {
        return new EncoderDecoderNetwork(spec, 4, DenseBlock::new, 4, Upsampling.UNPOOL);
    }

    /** ReLayNet: 3 levels of 7x3 conv (7 along depth, 3 along width) + BN + ReLU, unpooling with indices. */
    public static SegmentationNetwork relaynet(NetworkSpec spec) {
        return new EncoderDecoderNetwork(spec, 3, f -> ConvBlocks.convBnRelu(7, 3, f), 3, Upsampling.UNPOOL);
    }

    /** FocusNet++: residual group-attention blocks, additive skips, deep supervision (see {@link FocusNetPlusPlus}). */
    public static SegmentationNetwork focusNetPlusPlus(NetworkSpec spec) {
        return new FocusNetPlusPlus(spec);
    }
}
