package org.scsefiji.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.nn.ops.Resampling;

/**
 * A small encoder-decoder that obeys the {@link SegmentationNetwork} contract, for inference tests:
 * per level conv3x3 + ReLU + scSE ({@link SqueezeSensitiveSe}: channel squeeze through SqueezeContext,
 * spatial gate through AttentionRecorder), 2x2 max-pool; a bottleneck conv3x3 + cSE (a squeeze at the coarsest scale);
 * nearest up-sampling, skip concatenation, conv3x3 + ReLU + scSE; a 1x1 head.
 *
 * <p>The receptive radius is worked out by interval arithmetic: a conv3x3 at level l widens the field
 * by 2^l on each side, pooling keeps it (a cell covers its children), up-sampling to level l widens it
 * by 2^l (a pixel's coarse cell may start 2^l before it or end 2^l after it).
 */
final class TinyScseNet extends SegmentationNetwork {
    /** Spreads the random network's logits, so probabilities are far from uniform and differences show. */
    private static final float LOGIT_GAIN = 6;
    private final int depth;
    private final Block[] encoders;
    private final Block[] encoderSe;
    private final Block bottleneck;
    private final Block bottleneckSe;
    private final Block[] decoders;
    private final Block[] decoderSe;
    private final Block head;
    private final int radius;

    TinyScseNet(NetworkSpec spec, int depth) {
        super(spec, (byte) 1);
        this.depth = depth;
        int f = spec.features();
        encoders = new Block[depth];
        encoderSe = new Block[depth];
        decoders = new Block[depth];
        decoderSe = new Block[depth];
        int r = 0;
        for (int l = 0; l < depth; l++) {
            encoders[l] = addChildBlock("enc" + l, conv(3, f));
            encoderSe[l] = addChildBlock("enc" + l + "_se", new SqueezeSensitiveSe(f, true));
            r += 1 << l;
        }
        bottleneck = addChildBlock("bottleneck", conv(3, f));
        bottleneckSe = addChildBlock("bottleneck_se", new SqueezeSensitiveSe(f, false));
        r += 1 << depth;
        for (int l = depth - 1; l >= 0; l--) {
            decoders[l] = addChildBlock("dec" + l, conv(3, f));
            decoderSe[l] = addChildBlock("dec" + l + "_se", new SqueezeSensitiveSe(f, true));
            r += 2 << l; // up-sampling, then the conv3x3
        }
        head = addChildBlock("head", conv(1, spec.classCount()));
        radius = r;
    }

    private static Conv2d conv(int k, int filters) {
        return Conv2d.builder().setKernelShape(new Shape(k, k)).optPadding(new Shape(k / 2, k / 2)).setFilters(filters).build();
    }

    @Override
    public int sizeMultiple() {
        return 1 << depth;
    }

    @Override
    public int receptiveRadius() {
        return radius;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Shape s = input.getShape();
        long m = sizeMultiple();
        long ph = (m - s.get(2) % m) % m;
        long pw = (m - s.get(3) % m) % m;
        NDArray x = input;
        if (ph > 0) x = x.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), ph, s.get(3))), 2);
        if (pw > 0) x = x.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2) + ph, pw)), 3);
        NDArray[] skips = new NDArray[depth];
        for (int l = 0; l < depth; l++) {
            x = run(encoderSe[l], Activation.relu(run(encoders[l], x, ps, training, params)), ps, training, params);
            skips[l] = x;
            x = Resampling.maxPool2x(x);
        }
        x = run(bottleneckSe, Activation.relu(run(bottleneck, x, ps, training, params)), ps, training, params);
        for (int l = depth - 1; l >= 0; l--) {
            x = skips[l].concat(Resampling.repeat2x(x), 1);
            x = run(decoderSe[l], Activation.relu(run(decoders[l], x, ps, training, params)), ps, training, params);
        }
        x = run(head, x, ps, training, params).mul(LOGIT_GAIN);
        if (ph > 0 || pw > 0) x = x.get(new NDIndex(":, :, 0:{}, 0:{}", s.get(2), s.get(3)));
        return new NDList(x);
    }

    private static NDArray run(Block b, NDArray x, ParameterStore ps, boolean training, PairList<String, Object> params) {
        return b.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), spec().classCount(), in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long m = sizeMultiple();
        long h = (in.get(2) + m - 1) / m * m;
        long w = (in.get(3) + m - 1) / m * m;
        int f = spec().features();
        for (int l = 0; l < depth; l++) {
            encoders[l].initialize(manager, dataType, new Shape(n, l == 0 ? spec().inputChannels() : f, h >> l, w >> l));
            encoderSe[l].initialize(manager, dataType, new Shape(n, f, h >> l, w >> l));
        }
        bottleneck.initialize(manager, dataType, new Shape(n, f, h >> depth, w >> depth));
        bottleneckSe.initialize(manager, dataType, new Shape(n, f, h >> depth, w >> depth));
        for (int l = 0; l < depth; l++) {
            decoders[l].initialize(manager, dataType, new Shape(n, 2L * f, h >> l, w >> l));
            decoderSe[l].initialize(manager, dataType, new Shape(n, f, h >> l, w >> l));
        }
        head.initialize(manager, dataType, new Shape(n, f, h, w));
    }
}
