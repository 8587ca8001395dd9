package org.scsefiji.nn.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.se.SeBlocks;

/**
 * FocusNet++'s residual group-attention block (ResGANet, Kaul et al. 2020, section 2.1; networks.md
 * section 3), C_in -> C channels:
 * <ol>
 *   <li>1x1 convolution C_in -> C, split into 4 groups of d = C/4 channels, taken in pairs;</li>
 *   <li>per pair (g_a, g_r): attention A = sigmoid(conv1x1(BN-LeakyReLU-conv3x3(BN-LeakyReLU-conv3x3(g_a)))),
 *       residual O = g_r + F(g_r) with F two BN-LeakyReLU-conv3x3; then A * O -> conv1x1 to 2d -> BN ->
 *       LeakyReLU (the BN-LeakyReLU after that 1x1 convolution is the reference code's; it keeps the
 *       next 1x1 convolution from collapsing into this one);</li>
 *   <li>concatenation of the two pairs (4d = C), 1x1 convolution, BN;</li>
 *   <li>SE recalibration by the spec's SE block (absent when the block's site carries none); with scSE
 *       concat aggregation a 1x1 convolution brings the 2C channels back to C;</li>
 *   <li>residual connection: identity, or 1x1 convolution + BN when C_in != C; then LeakyReLU.</li>
 * </ol>
 * Optionally also outputs the same block without its SE recalibration (LeakyReLU(shortcut + pre-SE
 * branch)), the "uncalibrated" skip of TMI configuration 2.
 */
final class ResGaBlock extends AbstractBlock {
    private static final int GROUPS = 4;
    private static final int PAIRS = GROUPS / 2;

    private final int inChannels;
    private final int width;
    private final boolean emitUncalibrated;
    private final Block entry;
    private final Block[] attention = new Block[PAIRS];
    private final Block[] residual = new Block[PAIRS];
    private final Block[] merge = new Block[PAIRS];
    private final Block exit;
    private final Block se;
    private final Block seFuse;
    private final Block shortcut;

    /**
     * @param se the SE block after the final 1x1 convolution; {@link SeBlockType#NONE} for none
     * @param emitUncalibrated also output the block computed without its SE (ignored without SE)
     */
    ResGaBlock(int inChannels, int width, SeBlockType se, Aggregation aggregation, int reduction, boolean emitUncalibrated) {
        super((byte) 1);
        if (width % GROUPS != 0) throw new IllegalArgumentException("ResGANet width must be a multiple of 4, got " + width);
        this.inChannels = inChannels;
        this.width = width;
        int d = width / GROUPS;
        entry = addChildBlock("entry", ConvBlocks.conv(1, 1, width, true));
        for (int p = 0; p < PAIRS; p++) {
            attention[p] = addChildBlock("attention" + p, new SequentialBlock()
                    .add(ConvBlocks.bnLeakyConv(3, d)).add(ConvBlocks.bnLeakyConv(3, d))
                    .add(ConvBlocks.conv(1, 1, d, true)).add(Activation.sigmoidBlock()));
            residual[p] = addChildBlock("residual" + p, new SequentialBlock()
                    .add(ConvBlocks.bnLeakyConv(3, d)).add(ConvBlocks.bnLeakyConv(3, d)));
            merge[p] = addChildBlock("merge" + p, ConvBlocks.convBnLeaky(1, 2 * d));
        }
        exit = addChildBlock("exit", new SequentialBlock().add(ConvBlocks.conv(1, 1, width, true)).add(BatchNorm.builder().build()));
        if (se != SeBlockType.NONE) {
            this.se = addChildBlock("se", SeBlocks.create(se, aggregation, width, reduction));
            seFuse = SeBlocks.outputChannels(se, aggregation, width) != width
                    ? addChildBlock("se_fuse", ConvBlocks.conv(1, 1, width, true)) : null;
        } else {
            this.se = null;
            seFuse = null;
        }
        this.emitUncalibrated = emitUncalibrated && this.se != null;
        shortcut = inChannels != width
                ? addChildBlock("shortcut", new SequentialBlock().add(ConvBlocks.conv(1, 1, width, true)).add(BatchNorm.builder().build()))
                : null;
    }

    /** Half-width of the block's receptive field: two 3x3 convolutions on either branch. */
    static int radius() {
        return 2;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // Intermediates are closed after their last use (the groups are views of one array), so a block at
        // full resolution holds a few maps of its width at a time, not all of them until the stage ends.
        NDArray x = inputs.singletonOrThrow();
        NDArray entered = run(entry, x, ps, training, params);
        NDList groups = entered.split(GROUPS, 1);
        entered.close();
        NDList merged = new NDList(PAIRS);
        for (int p = 0; p < PAIRS; p++) {
            NDArray a = run(attention[p], groups.get(2 * p), ps, training, params);
            NDArray g = groups.get(2 * p + 1);
            NDArray r = run(residual[p], g, ps, training, params);
            NDArray o = g.add(r);
            r.close();
            NDArray gated = a.mul(o);
            a.close();
            o.close();
            merged.add(run(merge[p], gated, ps, training, params));
            gated.close();
        }
        groups.close();
        NDArray joined = NDArrays.concat(merged, 1);
        merged.close();
        NDArray branch = run(exit, joined, ps, training, params);
        joined.close();
        NDArray recalibrated = branch;
        if (se != null) recalibrated = run(se, branch, ps, training, params);
        if (seFuse != null) {
            NDArray fused = run(seFuse, recalibrated, ps, training, params);
            if (recalibrated != branch) recalibrated.close();
            recalibrated = fused;
        }
        NDArray s = shortcut == null ? x : run(shortcut, x, ps, training, params);
        NDArray sum = s.add(recalibrated);
        if (recalibrated != branch) recalibrated.close();
        NDArray out = Activation.leakyRelu(sum, ConvBlocks.LEAKY_SLOPE);
        sum.close();
        if (emitUncalibrated) {
            NDArray plain = s.add(branch);
            NDArray uncalibrated = Activation.leakyRelu(plain, ConvBlocks.LEAKY_SLOPE);
            plain.close();
            branch.close();
            if (s != x) s.close();
            return new NDList(out, uncalibrated);
        }
        branch.close();
        if (s != x) s.close();
        return new NDList(out);
    }

    private static NDArray run(Block b, NDArray x, ParameterStore ps, boolean training, PairList<String, Object> params) {
        return b.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape out = new Shape(in.get(0), width, in.get(2), in.get(3));
        return emitUncalibrated ? new Shape[] {out, out} : new Shape[] {out};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.get(1) != inChannels) {
            throw new IllegalArgumentException("ResGANet block built for " + inChannels + " input channels got " + in);
        }
        long n = in.get(0), h = in.get(2), w = in.get(3);
        Shape group = new Shape(n, width / GROUPS, h, w);
        Shape full = new Shape(n, width, h, w);
        entry.initialize(manager, dataType, in);
        for (int p = 0; p < PAIRS; p++) {
            attention[p].initialize(manager, dataType, group);
            residual[p].initialize(manager, dataType, group);
            merge[p].initialize(manager, dataType, group);
        }
        exit.initialize(manager, dataType, full);
        if (se != null) se.initialize(manager, dataType, full);
        if (seFuse != null) seFuse.initialize(manager, dataType, new Shape(n, 2L * width, h, w));
        if (shortcut != null) shortcut.initialize(manager, dataType, in);
    }
}
