package org.scsefiji.nn.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Set;
import java.util.function.IntFunction;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.nn.SkipMode;
import org.scsefiji.nn.ops.PoolSwitches;
import org.scsefiji.nn.ops.Resampling;
import org.scsefiji.nn.se.SeBlocks;

/**
 * The encoder-decoder shared by U-Net, SD-Net, FC-DenseNet and ReLayNet: {@code depth} encoder stages
 * each followed by 2x2 max-pooling, a bottleneck, {@code depth} decoder stages that up-sample,
 * concatenate the skip (skip first) and convolve, and a 1x1 classifier. SE blocks sit where the spec's
 * placement puts them (P1 encoder, P2 decoder, P3 bottleneck, P4 classifier).
 *
 * <p>Choices where the paper is silent, recorded here: with concat aggregation a decoder input whose
 * channels differ from the unpooling switches first passes a 1x1 convolution; at P4 with concat a
 * 1x1 convolution brings the doubled logits back to the class count.
 */
public final class EncoderDecoderNetwork extends SegmentationNetwork {
    /** How decoders double the resolution. */
    public enum Upsampling {
        /** Max-unpooling with the encoder's pooling switches (SD-Net family). */
        UNPOOL,
        /** 2x2 stride-2 transposed convolution (U-Net). */
        TRANSPOSED_CONV
    }

    private final int depth;
    private final Upsampling upsampling;
    private final int radius;
    private final Block[] encoders;
    private final Block[] encoderSe;
    private final Block bottleneck;
    private final Block bottleneckSe;
    private final Block[] upsamplers;
    private final Block[] decoders;
    private final Block[] decoderSe;
    private final Block classifier;
    private final Block classifierSe;
    private final Block classifierFuse;
    /** Channels: input of each encoder, of each decoder, of the classifier. */
    private final int[] encoderIn;
    private final int[] decoderIn;
    private final int[] upIn;
    private final int bottleneckIn;
    private final int classifierIn;

    /**
     * @param stage makes one encoder/bottleneck/decoder stage with the given output channels
     * @param stageRadius sum of (kernel - 1) / 2 over the convolutions of one stage, along its longer axis
     */
    public EncoderDecoderNetwork(NetworkSpec spec, int depth, IntFunction<Block> stage, int stageRadius, Upsampling upsampling) {
        super(spec, (byte) 1);
        this.depth = depth;
        this.upsampling = upsampling;
        int f = spec.features();
        Set<Placement> sites = spec.seSites();
        SeBlockType se = spec.seBlock();
        Aggregation agg = spec.aggregation();
        int r = spec.reduction();
        encoders = new Block[depth];
        encoderSe = new Block[depth];
        upsamplers = new Block[depth];
        decoders = new Block[depth];
        decoderSe = new Block[depth];
        encoderIn = new int[depth];
        decoderIn = new int[depth];
        upIn = new int[depth];
        int[] skipChannels = new int[depth];
        int[] pooledChannels = new int[depth];

        int channels = spec.inputChannels();
        for (int l = 0; l < depth; l++) {
            encoderIn[l] = channels;
            encoders[l] = addChildBlock("enc" + l, stage.apply(f));
            channels = f;
            if (sites.contains(Placement.P1)) {
                encoderSe[l] = addChildBlock("enc" + l + "_se", SeBlocks.create(se, agg, f, r));
                channels = SeBlocks.outputChannels(se, agg, f);
            }
            skipChannels[l] = spec.skip() == SkipMode.RECALIBRATED ? channels : f;
            pooledChannels[l] = channels;
        }
        bottleneckIn = channels;
        bottleneck = addChildBlock("bottleneck", stage.apply(f));
        channels = f;
        if (sites.contains(Placement.P3)) {
            bottleneckSe = addChildBlock("bottleneck_se", SeBlocks.create(se, agg, f, r));
            channels = SeBlocks.outputChannels(se, agg, f);
        } else {
            bottleneckSe = null;
        }
        for (int l = depth - 1; l >= 0; l--) {
            upIn[l] = channels;
            int upOut;
            if (upsampling == Upsampling.TRANSPOSED_CONV) {
                upsamplers[l] = addChildBlock("up" + l, new TransposedConv2x2(f));
                upOut = f;
            } else {
                if (channels != pooledChannels[l]) {
                    upsamplers[l] = addChildBlock("up" + l + "_adapt", ConvBlocks.conv(1, 1, pooledChannels[l], true));
                }
                upOut = pooledChannels[l];
            }
            decoderIn[l] = skipChannels[l] + upOut;
            decoders[l] = addChildBlock("dec" + l, stage.apply(f));
            channels = f;
            if (sites.contains(Placement.P2)) {
                decoderSe[l] = addChildBlock("dec" + l + "_se", SeBlocks.create(se, agg, f, r));
                channels = SeBlocks.outputChannels(se, agg, f);
            }
        }
        classifierIn = channels;
        int k = spec.classCount();
        classifier = addChildBlock("classifier", ConvBlocks.conv(1, 1, k, true));
        if (sites.contains(Placement.P4)) {
            classifierSe = addChildBlock("classifier_se", SeBlocks.create(se, agg, k, r));
            classifierFuse = SeBlocks.outputChannels(se, agg, k) != k
                    ? addChildBlock("classifier_fuse", ConvBlocks.conv(1, 1, k, true)) : null;
        } else {
            classifierSe = null;
            classifierFuse = null;
        }
        int rad = 0;
        for (int l = 0; l < depth; l++) rad += (stageRadius + 1) << l;
        rad += stageRadius << depth;
        for (int l = 0; l < depth; l++) rad += (stageRadius + 1) << l;
        radius = rad;
    }

    @Override
    public int sizeMultiple() {
        return 1 << depth;
    }

    /** Encoder stages (= poolings); what an exporter needs besides the children. */
    public int depth() {
        return depth;
    }

    public Upsampling upsampling() {
        return upsampling;
    }

    @Override
    public int receptiveRadius() {
        return radius;
    }

    /**
     * Every stage output is freed as soon as nothing reads it any more, as PyTorch's reference counting
     * would do: otherwise the whole pyramid of stage outputs stays alive until the call's manager closes,
     * which raises the peak memory of inference by several full-resolution maps. (Closing only drops this
     * handle: in training, autograd keeps whatever backward needs.)
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        long h = input.getShape().get(2);
        long w = input.getShape().get(3);
        NDArray x = padToMultiple(input);
        NDArray[] skips = new NDArray[depth];
        PoolSwitches[] switches = new PoolSwitches[depth];
        boolean recalibratedSkip = spec().skip() == SkipMode.RECALIBRATED;
        for (int l = 0; l < depth; l++) {
            NDArray features = run(encoders[l], x, ps, training, params);
            if (x != input) x.close();
            NDArray recalibrated = encoderSe[l] == null ? features : run(encoderSe[l], features, ps, training, params);
            skips[l] = recalibratedSkip ? recalibrated : features;
            if (upsampling == Upsampling.UNPOOL) {
                switches[l] = PoolSwitches.of(recalibrated);
                x = switches[l].pool(recalibrated);
            } else {
                x = Resampling.maxPool2x(recalibrated);
            }
            free(skips[l] == features ? recalibrated : features, skips[l]);
        }
        x = then(x, run(bottleneck, x, ps, training, params));
        if (bottleneckSe != null) x = then(x, run(bottleneckSe, x, ps, training, params));
        for (int l = depth - 1; l >= 0; l--) {
            if (upsamplers[l] != null) x = then(x, run(upsamplers[l], x, ps, training, params));
            if (upsampling == Upsampling.UNPOOL) {
                x = then(x, switches[l].unpool(x));
                switches[l].close();
            }
            NDArray joined = skips[l].concat(x, 1);
            skips[l].close();
            x.close();
            x = then(joined, run(decoders[l], joined, ps, training, params));
            if (decoderSe[l] != null) x = then(x, run(decoderSe[l], x, ps, training, params));
        }
        x = then(x, run(classifier, x, ps, training, params));
        if (classifierSe != null) x = then(x, run(classifierSe, x, ps, training, params));
        if (classifierFuse != null) x = then(x, run(classifierFuse, x, ps, training, params));
        return new NDList(cropTo(x, h, w));
    }

    /** Frees a stage output that has been consumed, and returns the next one. */
    private static NDArray then(NDArray consumed, NDArray next) {
        free(consumed, next);
        return next;
    }

    private static void free(NDArray a, NDArray unlessItIs) {
        if (a != unlessItIs) a.close();
    }

    private static NDArray run(Block b, NDArray x, ParameterStore ps, boolean training, PairList<String, Object> params) {
        return runStage(b, x, ps, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long h = paddedSize(in.get(2));
        long w = paddedSize(in.get(3));
        int f = spec().features();
        for (int l = 0; l < depth; l++) {
            encoders[l].initialize(manager, dataType, new Shape(n, encoderIn[l], h >> l, w >> l));
            if (encoderSe[l] != null) encoderSe[l].initialize(manager, dataType, new Shape(n, f, h >> l, w >> l));
        }
        bottleneck.initialize(manager, dataType, new Shape(n, bottleneckIn, h >> depth, w >> depth));
        if (bottleneckSe != null) bottleneckSe.initialize(manager, dataType, new Shape(n, f, h >> depth, w >> depth));
        for (int l = depth - 1; l >= 0; l--) {
            if (upsamplers[l] != null) {
                upsamplers[l].initialize(manager, dataType, new Shape(n, upIn[l], h >> (l + 1), w >> (l + 1)));
            }
            decoders[l].initialize(manager, dataType, new Shape(n, decoderIn[l], h >> l, w >> l));
            if (decoderSe[l] != null) decoderSe[l].initialize(manager, dataType, new Shape(n, f, h >> l, w >> l));
        }
        int k = spec().classCount();
        classifier.initialize(manager, dataType, new Shape(n, classifierIn, h, w));
        if (classifierSe != null) classifierSe.initialize(manager, dataType, new Shape(n, k, h, w));
        if (classifierFuse != null) classifierFuse.initialize(manager, dataType, new Shape(n, 2L * k, h, w));
    }
}
