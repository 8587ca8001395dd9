package org.scsefiji.nn.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Set;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.nn.SkipMode;
import org.scsefiji.nn.ops.Conv2d;
import org.scsefiji.nn.ops.Resampling;
import org.scsefiji.nn.se.SeBlocks;

/**
 * FocusNet++ (Kaul et al. 2020; networks.md section 3): a U-Net-like encoder-decoder of residual
 * group-attention blocks ({@link ResGaBlock}).
 * <ul>
 *   <li>Stem: 5x5 convolution to the first width.</li>
 *   <li>Encoder: 4 stages of one ResGANet block followed by 2x2 max-pooling.</li>
 *   <li>Bottleneck: one ResGANet block, then dropout (rate 0.5, as in the reference code; training only).</li>
 *   <li>Decoder, per stage: 2x up-sampling by repetition, 3x3 convolution to the stage width (computed as one, see
 *       {@link Conv2d#forwardOnRepeated2x}), <em>addition</em>
 *       of the encoder output of that scale, one ResGANet block.</li>
 *   <li>Deep supervision: every decoder stage emits Conv3x3-BN-LeakyReLU-Conv1x1-Sigmoid with one map per
 *       class (hidden width = the first width), up-sampled to full size by repetition; the four are
 *       concatenated (coarsest first) and a final Conv3x3-BN-LeakyReLU-Conv1x1 gives the class logits.
 *       The paper ends with a sigmoid; here the output stays logits, as every network of the project
 *       (losses and inference apply softmax).</li>
 * </ul>
 *
 * <p><b>Widths.</b> The paper's 32 -> 64 -> 128 -> 192 -> 256 -> 192 -> 128 -> 64 -> 32, scaled by
 * {@code features / 32} and rounded up to a multiple of 4 (four filter groups, taken in pairs): features = 32
 * gives the paper's widths, features = 8 gives 8, 16, 32, 48, 64.
 *
 * <p><b>SE placement.</b> The SE recalibration inside each ResGANet block is the spec's SE block, present
 * only where the spec's placement puts one: P1 = encoder blocks, P2 = decoder blocks, P3 = bottleneck
 * block, P4 = the output head, recalibrating its hidden Conv3x3-BN-LeakyReLU features before the last 1x1
 * convolution (with concat aggregation that convolution simply takes the doubled channels). A block without
 * SE skips the recalibration and keeps everything else, so se_block = none is FocusNet++ without SE.
 * Skip "uncalibrated" (TMI configuration 2) adds to the decoder the encoder block computed without its SE
 * (same shortcut and branch, SE left out); "recalibrated" adds the block's output.
 */
public final class FocusNetPlusPlus extends SegmentationNetwork {
    private static final int[] PAPER_WIDTHS = {32, 64, 128, 192, 256};
    private static final int DEPTH = PAPER_WIDTHS.length - 1;
    private static final float DROPOUT = 0.5f;
    /** LeakyReLU slope of every FocusNet++ block (also applied outside activation blocks, in the residual joins). */
    public static final float LEAKY_SLOPE = ConvBlocks.LEAKY_SLOPE;

    private final int[] widths;
    private final int headIn;
    private final int headSeOut;
    private final int radius;
    private final Block stem;
    private final Block[] encoders = new Block[DEPTH];
    private final Block bottleneck;
    private final Block dropout;
    private final Conv2d[] upConvs = new Conv2d[DEPTH];
    private final Block[] decoders = new Block[DEPTH];
    private final Block[] sides = new Block[DEPTH];
    private final Block headFeatures;
    private final Block headSe;
    private final Block headOut;
    private final boolean uncalibratedSkips;

    public FocusNetPlusPlus(NetworkSpec spec) {
        super(spec, (byte) 1);
        widths = widths(spec.features());
        Set<Placement> sites = spec.seSites();
        int k = spec.classCount();
        uncalibratedSkips = spec.skip() == SkipMode.UNCALIBRATED && sites.contains(Placement.P1);
        stem = addChildBlock("stem", ConvBlocks.conv(5, 5, widths[0], true));
        for (int l = 0; l < DEPTH; l++) {
            int in = l == 0 ? widths[0] : widths[l - 1];
            encoders[l] = addChildBlock("enc" + l, block(spec, in, widths[l], sites.contains(Placement.P1), uncalibratedSkips));
        }
        bottleneck = addChildBlock("bottleneck", block(spec, widths[DEPTH - 1], widths[DEPTH], sites.contains(Placement.P3), false));
        dropout = addChildBlock("dropout", Dropout.builder().optRate(DROPOUT).build());
        for (int l = DEPTH - 1; l >= 0; l--) {
            upConvs[l] = addChildBlock("up" + l, ConvBlocks.conv(3, 3, widths[l], true));
            decoders[l] = addChildBlock("dec" + l, block(spec, widths[l], widths[l], sites.contains(Placement.P2), false));
            sides[l] = addChildBlock("side" + l, new SequentialBlock()
                    .add(ConvBlocks.convBnLeaky(3, widths[0])).add(ConvBlocks.conv(1, 1, k, true)).add(Activation.sigmoidBlock()));
        }
        headIn = DEPTH * k;
        headFeatures = addChildBlock("head", ConvBlocks.convBnLeaky(3, widths[0]));
        if (sites.contains(Placement.P4)) {
            headSe = addChildBlock("head_se", SeBlocks.create(spec.seBlock(), spec.aggregation(), widths[0], spec.reduction()));
            headSeOut = SeBlocks.outputChannels(spec.seBlock(), spec.aggregation(), widths[0]);
        } else {
            headSe = null;
            headSeOut = widths[0];
        }
        headOut = addChildBlock("classifier", ConvBlocks.conv(1, 1, k, true));
        radius = computeRadius();
    }

    /** The five widths (encoder 0..3, bottleneck) for a spec's {@code features}: paper widths * features / 32, rounded up to a multiple of 4. */
    public static int[] widths(int features) {
        int[] w = new int[PAPER_WIDTHS.length];
        for (int i = 0; i < w.length; i++) w[i] = (int) ((PAPER_WIDTHS[i] * (long) features + 127) / 128 * 4);
        return w;
    }

    private static Block block(NetworkSpec spec, int in, int width, boolean withSe, boolean emitUncalibrated) {
        SeBlockType se = withSe ? spec.seBlock() : SeBlockType.NONE;
        return new ResGaBlock(in, width, se, spec.aggregation(), spec.reduction(), emitUncalibrated);
    }

    /**
     * Conservative: (k - 1) / 2 * scale per convolution plus one scale per pooling or repetition, along the
     * longest path, which ends in whichever side output reaches furthest.
     */
    private static int computeRadius() {
        int b = ResGaBlock.radius();
        int r = 2; // 5x5 stem
        for (int l = 0; l < DEPTH; l++) r += (b + 1) << l; // block, then pooling
        r += b << DEPTH;
        int furthest = 0;
        for (int l = DEPTH - 1; l >= 0; l--) {
            r += (1 << l) + (1 << l) + (b << l); // repetition, 3x3 up-convolution, block
            int side = r + (1 << l) + (1 << l) - 1; // 3x3 side convolution, repetitions back to full size
            furthest = Math.max(furthest, side);
        }
        return furthest + 1; // 3x3 head convolution
    }

    /**
     * Beyond the classifier, each side output's 1x1 convolution (one map per class) and the weight of the head's 3x3
     * convolution (it reads the side outputs: DEPTH x classes channels) depend on the class count; the side outputs'
     * 3x3 convolutions, the head's bias and its batch norm do not, so fine-tuning to other classes keeps them.
     */
    @Override
    public Set<Parameter> classifierParameters() {
        Set<Parameter> out = super.classifierParameters();
        for (Block side : sides) side.getChildren().get(1).getValue().getParameters().values().forEach(out::add);
        for (Parameter p : headFeatures.getChildren().get(0).getValue().getParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT) out.add(p); // its bias has one value per filter, not per class
        }
        return out;
    }

    @Override
    public int sizeMultiple() {
        return 1 << DEPTH;
    }

    @Override
    public int receptiveRadius() {
        return radius;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        long h = input.getShape().get(2);
        long w = input.getShape().get(3);
        // Every stage output is closed after its last use, as in EncoderDecoderNetwork (closing only drops
        // this handle: in training, autograd keeps what backward needs).
        NDArray padded = padToMultiple(input);
        NDArray x = run(stem, padded, ps, training, params).singletonOrThrow();
        if (padded != input) padded.close();
        NDArray[] skips = new NDArray[DEPTH];
        for (int l = 0; l < DEPTH; l++) {
            NDList out = run(encoders[l], x, ps, training, params);
            x.close();
            skips[l] = uncalibratedSkips ? out.get(1) : out.get(0);
            x = Resampling.maxPool2x(out.get(0));
            if (out.get(0) != skips[l]) out.get(0).close();
        }
        x = then(x, run(bottleneck, x, ps, training, params).singletonOrThrow());
        x = then(x, run(dropout, x, ps, training, params).singletonOrThrow());
        NDList sideOutputs = new NDList(DEPTH);
        for (int l = DEPTH - 1; l >= 0; l--) {
            NDArray u = then(x, upConvs[l].forwardOnRepeated2x(ps, x, training));
            NDArray joined = u.add(skips[l]);
            u.close();
            skips[l].close();
            x = then(joined, run(decoders[l], joined, ps, training, params).singletonOrThrow());
            NDArray side = run(sides[l], x, ps, training, params).singletonOrThrow();
            sideOutputs.add(then(side, Resampling.repeat(side, 1 << l)));
        }
        x.close();
        NDArray heads = NDArrays.concat(sideOutputs, 1);
        sideOutputs.close();
        x = then(heads, run(headFeatures, heads, ps, training, params).singletonOrThrow());
        if (headSe != null) x = then(x, run(headSe, x, ps, training, params).singletonOrThrow());
        x = then(x, run(headOut, x, ps, training, params).singletonOrThrow());
        return new NDList(cropTo(x, h, w));
    }

    private static NDList run(Block b, NDArray x, ParameterStore ps, boolean training, PairList<String, Object> params) {
        return runStage(b, new NDList(x), ps, training, params);
    }

    /** Frees a consumed stage output (unless the next is the same array) and returns the next. */
    private static NDArray then(NDArray consumed, NDArray next) {
        if (consumed != next) consumed.close();
        return next;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long h = paddedSize(in.get(2));
        long w = paddedSize(in.get(3));
        stem.initialize(manager, dataType, new Shape(n, in.get(1), h, w));
        for (int l = 0; l < DEPTH; l++) {
            int c = l == 0 ? widths[0] : widths[l - 1];
            encoders[l].initialize(manager, dataType, new Shape(n, c, h >> l, w >> l));
        }
        Shape deepest = new Shape(n, widths[DEPTH], h >> DEPTH, w >> DEPTH);
        bottleneck.initialize(manager, dataType, new Shape(n, widths[DEPTH - 1], h >> DEPTH, w >> DEPTH));
        dropout.initialize(manager, dataType, deepest);
        for (int l = DEPTH - 1; l >= 0; l--) {
            upConvs[l].initialize(manager, dataType, new Shape(n, widths[l + 1], h >> l, w >> l));
            Shape stage = new Shape(n, widths[l], h >> l, w >> l);
            decoders[l].initialize(manager, dataType, stage);
            sides[l].initialize(manager, dataType, stage);
        }
        headFeatures.initialize(manager, dataType, new Shape(n, headIn, h, w));
        if (headSe != null) headSe.initialize(manager, dataType, new Shape(n, widths[0], h, w));
        headOut.initialize(manager, dataType, new Shape(n, headSeOut, h, w));
    }
}
