package org.scsefiji.nn.arch;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import org.scsefiji.nn.ops.Conv2d;

/** The convolution stacks the architectures are made of. */
final class ConvBlocks {
    /** LeakyReLU slope of FocusNet++: Keras' default, which its reference code uses (the paper gives none). */
    static final float LEAKY_SLOPE = 0.3f;

    private ConvBlocks() {
    }

    /** A "same"-padded convolution with an odd kernel kh x kw (height x width). */
    static Conv2d conv(int kh, int kw, int filters, boolean bias) {
        return Conv2d.of(kh, kw, filters, bias);
    }

    /** U-Net: two padded 3x3 convolutions, each followed by ReLU, no batch norm. */
    static Block doubleConv(int filters) {
        return new SequentialBlock()
                .add(conv(3, 3, filters, true)).add(Activation.reluBlock())
                .add(conv(3, 3, filters, true)).add(Activation.reluBlock());
    }

    /** SD-Net / ReLayNet: one kh x kw convolution, batch norm, ReLU. */
    static Block convBnRelu(int kh, int kw, int filters) {
        return new SequentialBlock()
                .add(conv(kh, kw, filters, true)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
    }

    static Block bnReluConv(int k, int filters) {
        return new SequentialBlock()
                .add(BatchNorm.builder().build()).add(Activation.reluBlock()).add(conv(k, k, filters, true));
    }

    /** FocusNet++: BN, LeakyReLU, padded k x k convolution. */
    static Block bnLeakyConv(int k, int filters) {
        return new SequentialBlock()
                .add(BatchNorm.builder().build()).add(Activation.leakyReluBlock(LEAKY_SLOPE)).add(conv(k, k, filters, true));
    }

    /** FocusNet++: padded k x k convolution, BN, LeakyReLU. */
    static Block convBnLeaky(int k, int filters) {
        return new SequentialBlock()
                .add(conv(k, k, filters, true)).add(BatchNorm.builder().build()).add(Activation.leakyReluBlock(LEAKY_SLOPE));
    }
}
