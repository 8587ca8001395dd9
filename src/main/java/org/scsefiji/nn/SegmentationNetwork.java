package org.scsefiji.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
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

    /** The contract's output shape: (N, classes, H, W) for an input (N, C, H, W). */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), spec.classCount(), in.get(2), in.get(3))};
    }

    /** 2^(number of poolings): input sizes that need no padding are multiples of this. */
    public abstract int sizeMultiple();

    /**
     * Half-width, in input pixels, of the region that influences one output pixel through
     * convolutions and pooling (channel squeezes excluded: they are global and handled by
     * {@link SqueezeContext}). Tiled inference overlaps tiles by at least this much.
     */
    public abstract int receptiveRadius();

    /** The largest tile input (pixels per side) the network takes; 0 = any size (scSE-Fiji's own networks). */
    public int largestTile() {
        return 0;
    }

    /**
     * True when the network must see each 2-D slice whole, without tiles or added margins (a graph that mirrors
     * its own border and squeezes over the slice, such as scSE-Fiji's whole-slice ONNX export).
     */
    public boolean segmentsWholeSlices() {
        return false;
    }

    /** What runs, in words for logs. */
    public String describe() {
        return spec.toString();
    }

    /**
     * Runs one stage of the network. In inference the stage's intermediate tensors live in a scope that
     * is freed when the stage ends, so a forward pass holds only stage outputs (skips, pooling switches)
     * instead of every intermediate: several times less memory, hence larger tiles.
     */
    protected static NDList runStage(Block block, NDList inputs, ParameterStore ps, boolean training, PairList<String, Object> params) {
        if (training) return block.forward(ps, inputs, true, params);
        NDManager parent = inputs.head().getManager();
        try (NDManager scope = parent.newSubManager()) {
            for (NDArray a : inputs) a.tempAttach(scope);
            NDList out = block.forward(ps, inputs, false, params);
            for (NDArray a : out) a.attach(parent);
            return out;
        }
    }

    /** {@link #runStage} for a single input and output. */
    protected static NDArray runStage(Block block, NDArray x, ParameterStore ps, boolean training, PairList<String, Object> params) {
        return runStage(block, new NDList(x), ps, training, params).singletonOrThrow();
    }

    /** A size rounded up to the next multiple of {@link #sizeMultiple()}: what the layers actually see. */
    protected final long paddedSize(long size) {
        long m = sizeMultiple();
        return (size + m - 1) / m * m;
    }

    /** Zero-pads (N, C, H, W) bottom and right up to multiples of {@link #sizeMultiple()}. */
    protected final NDArray padToMultiple(NDArray x) {
        Shape s = x.getShape();
        long h = s.get(2);
        long w = s.get(3);
        long ph = paddedSize(h) - h;
        long pw = paddedSize(w) - w;
        if (ph > 0) x = x.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), ph, w), x.getDataType()), 2);
        if (pw > 0) x = x.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), h + ph, pw), x.getDataType()), 3);
        return x;
    }

    /** Crops (N, C, H', W') back to the top-left H x W, undoing {@link #padToMultiple}. */
    protected static NDArray cropTo(NDArray x, long h, long w) {
        if (x.getShape().get(2) == h && x.getShape().get(3) == w) return x;
        return x.get(new NDIndex(":, :, 0:{}, 0:{}", h, w));
    }

    /**
     * The parameters whose shapes depend on the class count (fine-tuning to other classes replaces
     * exactly these): by default those of the child blocks named "classifier...". Networks that name
     * their head differently override this.
     */
    public Set<Parameter> classifierParameters() {
        return parametersOfChildren("classifier");
    }

    /** The encoder's parameters (frozen by freeze_encoder): by default those of the child blocks named "enc...". */
    public Set<Parameter> encoderParameters() {
        return parametersOfChildren("enc");
    }

    /** Parameters of the direct children whose name starts with {@code prefix} (DJL's "01" numbering ignored). */
    protected final Set<Parameter> parametersOfChildren(String prefix) {
        Set<Parameter> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Pair<String, Block> child : getChildren()) {
            if (child.getKey().replaceFirst("^\\d+", "").startsWith(prefix)) {
                child.getValue().getParameters().values().forEach(out::add);
            }
        }
        return out;
    }
}
