package org.scsefiji.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;
import org.scsefiji.ScseVersion;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.nn.SkipMode;
import org.scsefiji.nn.arch.EncoderDecoderNetwork;
import org.scsefiji.nn.arch.FocusNetPlusPlus;
import org.scsefiji.nn.se.ChannelSe;
import org.scsefiji.nn.se.ScSe;
import org.scsefiji.nn.se.SpatialSe;

/**
 * Writes a loaded network as an ONNX graph, op by op as its forward pass computes in inference: the
 * graph's input is the normalised image (N, C, H, W), any H and W (padded inside to the size multiple
 * with zeros and cropped back, exactly as the network does); its output {@value #PROBABILITIES} is the
 * softmax over classes (N, K, H, W), and optionally {@value #LABELS} the arg-max (N, 1, H, W) int64.
 *
 * <p>Mapping: convolution -> Conv; batch norm (running statistics) -> BatchNormalization; ReLU /
 * LeakyReLU / sigmoid -> their ops; 2x2 max-pooling with switches -> MaxPool with its Indices output,
 * max-unpooling -> MaxUnpool with those indices and the pre-pooling shape; U-Net's up-convolution (1x1
 * convolution, depth-to-space, one bias per channel) -> Conv, DepthToSpace (CRD), Add; nearest
 * up-sampling -> Resize (nearest, asymmetric, floor); cSE's squeeze -> ReduceMean over H and W of the
 * map it is given, which is the tile's own mean: the segmenter's whole-slice statistics for tiled
 * inference cannot be carried by a graph that sees one tile. Dropout is the identity in inference.
 */
public final class OnnxExport {
    /** ONNX operator set the graph uses (MaxUnpool 11, DepthToSpace CRD 13, Resize 13, ReduceMean with axes attribute <= 17). */
    public static final int OPSET = 17;
    public static final String INPUT = "input";
    public static final String PROBABILITIES = "probabilities";
    public static final String LABELS = "labels";
    /** DJL's BatchNorm default, which every network here uses. */
    private static final float BN_EPSILON = 1e-5f;

    private final OnnxGraph g = new OnnxGraph("scse");
    private final NetworkSpec spec;
    private final NDManager manager;
    /** Whole-slice mode: the halo the graph mirrors around its input; 0 in plain mode. */
    private int halo;
    /** The input's height and width (int64 [2]). */
    private String inputSize;
    /** Input pixels per feature cell of the blocks being emitted (whole-slice mode's squeeze windows). */
    private int scale = 1;

    private OnnxExport(NetworkSpec spec, NDManager manager) {
        this.spec = spec;
        this.manager = manager;
    }

    /**
     * @param manager a manager on the network's device, for probing activations (closed by the caller)
     * @param labels also output the arg-max label map
     */
    public static ModelProto export(SegmentationNetwork network, NDManager manager, boolean labels) {
        return export(network, manager, labels, false);
    }

    /**
     * @param wholeSlice give exactly what scSE-Fiji's segmenter gives for an image that fits in one tile: the
     *        input is extended by mirroring (edge pixels repeated) by the halo on every side and up to the size
     *        multiple, and every channel squeeze averages over the cells of the input image only (not the
     *        mirrored border); costs the halo's extra pixels. Plain mode is the network's forward as it is.
     */
    public static ModelProto export(SegmentationNetwork network, NDManager manager, boolean labels, boolean wholeSlice) {
        NetworkSpec spec = network.spec();
        OnnxExport e = new OnnxExport(spec, manager);
        e.g.input(INPUT, TensorProto.DataType.FLOAT, "batch", (long) spec.inputChannels(), "height", "width");
        String hw = e.g.op("Slice", new String[] {e.g.op("Shape", new String[] {INPUT}), e.g.longs("from", 2), e.g.longs("to", 4)});
        e.inputSize = hw;
        String padded;
        if (wholeSlice) {
            e.halo = org.scsefiji.infer.TilePlan.halo(network.sizeMultiple(), network.receptiveRadius());
            padded = e.mirrorExtend(INPUT, hw, network.sizeMultiple());
        } else {
            padded = e.padToMultiple(INPUT, hw, network.sizeMultiple());
        }
        String logits;
        if (network instanceof EncoderDecoderNetwork) logits = e.encoderDecoder((EncoderDecoderNetwork) network, padded);
        else if (network instanceof FocusNetPlusPlus) logits = e.focusNet((FocusNetPlusPlus) network, padded);
        else throw new IllegalArgumentException("Cannot export " + spec.architecture().key() + " networks to ONNX");
        String begin = e.g.longs("crop_begin", e.halo, e.halo);
        String end = e.g.op("Add", new String[] {hw, begin});
        String cropped = e.g.op("Slice", new String[] {logits, begin, end, e.g.longs("axes", 2, 3)});
        float[] offsets = spec.logitOffsetFloats(); // as the segmenter adds them, before softmax and arg-max
        if (offsets != null) cropped = e.g.op("Add", new String[] {cropped, e.g.floats("logit_offsets", offsets, 1, offsets.length, 1, 1)});
        e.g.opNamed("Softmax", PROBABILITIES, new String[] {cropped}, OnnxGraph.integer("axis", 1));
        e.g.output(PROBABILITIES, TensorProto.DataType.FLOAT, "batch", (long) spec.classCount(), "height", "width");
        if (labels) {
            e.g.opNamed("ArgMax", LABELS, new String[] {PROBABILITIES}, OnnxGraph.integer("axis", 1), OnnxGraph.integer("keepdims", 1));
            e.g.output(LABELS, TensorProto.DataType.INT64, "batch", 1L, "height", "width");
        }
        return e.g.model(OPSET, "scSE-Fiji", ScseVersion.get(), spec.toString());
    }

    /** Zero-pads bottom and right to multiples of m: pads = [0, 0, 0, 0, 0, 0, (m - H % m) % m, (m - W % m) % m]. */
    private String padToMultiple(String x, String hw, int m) {
        String mm = g.longs("multiple", m, m);
        String extra = g.op("Mod", new String[] {g.op("Sub", new String[] {mm, g.op("Mod", new String[] {hw, mm})}), mm});
        String pads = g.op("Concat", new String[] {g.longs("no_pad", 0, 0, 0, 0, 0, 0), extra}, OnnxGraph.integer("axis", 0));
        return g.op("Pad", new String[] {x, pads});
    }

    /**
     * The segmenter's single-tile input: rows and columns -halo .. ceil(n / m) * m + halo of the image, mirrored
     * with the edge pixel repeated (ImgLib2's extendMirrorDouble: index i -> j = i mod 2n, j or 2n - 1 - j).
     */
    private String mirrorExtend(String x, String hw, int m) {
        for (int axis = 2; axis <= 3; axis++) {
            String n = g.op("Squeeze", new String[] {g.op("Gather", new String[] {hw, g.longs("axis_index", axis - 2)}), g.longs("squeeze_axis", 0)});
            String mm = scalar("m", m);
            String rounded = g.op("Mul", new String[] {g.op("Div", new String[] {g.op("Add", new String[] {n, scalar("m_minus_1", m - 1)}), mm}), mm});
            String i = g.op("Range", new String[] {scalar("minus_halo", -halo), g.op("Add", new String[] {rounded, scalar("halo", halo)}), scalar("one", 1)});
            String twoN = g.op("Mul", new String[] {n, scalar("two", 2)});
            String j = g.op("Mod", new String[] {i, twoN});
            String reflected = g.op("Sub", new String[] {g.op("Sub", new String[] {twoN, scalar("one", 1)}), j});
            String index = g.op("Where", new String[] {g.op("Less", new String[] {j, n}), j, reflected});
            x = g.op("Gather", new String[] {x, index}, OnnxGraph.integer("axis", axis));
        }
        return x;
    }

    private String scalar(String hint, long value) {
        return g.scalarLong(hint, value);
    }

    /**
     * The squeeze of a cSE block: the mean over H and W, in whole-slice mode over the cells covering the image,
     * [halo / s, ceil((halo + n) / s)) per axis for cells of s input pixels (infer.WholeImageChannelSqueeze).
     */
    private String squeeze(String x) {
        if (halo > 0) {
            String start = g.longs("window_start", halo / scale, halo / scale);
            String end = g.op("Div", new String[] {g.op("Add", new String[] {inputSize, g.longs("halo_plus", halo + scale - 1, halo + scale - 1)}),
                g.longs("cell", scale, scale)});
            x = g.op("Slice", new String[] {x, start, end, g.longs("axes", 2, 3)});
        }
        return g.op("ReduceMean", new String[] {x}, OnnxGraph.ints("axes", 2, 3), OnnxGraph.integer("keepdims", 0));
    }

    // ---- the two network families, mirroring their forwardInternal ----

    private String encoderDecoder(EncoderDecoderNetwork net, String x) {
        int depth = net.depth();
        boolean unpool = net.upsampling() == EncoderDecoderNetwork.Upsampling.UNPOOL;
        boolean recalibratedSkip = spec.skip() == SkipMode.RECALIBRATED;
        String[] skips = new String[depth];
        String[] indices = new String[depth];
        String[] prePoolShape = new String[depth];
        for (int l = 0; l < depth; l++) {
            scale = 1 << l;
            String features = stage(child(net, "enc" + l), x);
            Block se = optionalChild(net, "enc" + l + "_se");
            String recalibrated = se == null ? features : block(se, features);
            skips[l] = recalibratedSkip ? recalibrated : features;
            if (unpool) {
                String[] pooled = g.op("MaxPool", 2, new String[] {recalibrated}, OnnxGraph.ints("kernel_shape", 2, 2), OnnxGraph.ints("strides", 2, 2));
                x = pooled[0];
                indices[l] = pooled[1];
                prePoolShape[l] = g.op("Shape", new String[] {recalibrated});
            } else {
                x = maxPool(recalibrated);
            }
        }
        scale = 1 << depth;
        x = stage(child(net, "bottleneck"), x);
        x = blockIfPresent(net, "bottleneck_se", x);
        for (int l = depth - 1; l >= 0; l--) {
            scale = 1 << l;
            if (unpool) {
                x = blockIfPresent(net, "up" + l + "_adapt", x);
                x = g.op("MaxUnpool", new String[] {x, indices[l], prePoolShape[l]},
                        OnnxGraph.ints("kernel_shape", 2, 2), OnnxGraph.ints("strides", 2, 2));
            } else {
                x = transposedConv(child(net, "up" + l), x);
            }
            x = stage(child(net, "dec" + l), g.op("Concat", new String[] {skips[l], x}, OnnxGraph.integer("axis", 1)));
            x = blockIfPresent(net, "dec" + l + "_se", x);
        }
        scale = 1;
        x = block(child(net, "classifier"), x);
        x = blockIfPresent(net, "classifier_se", x);
        return blockIfPresent(net, "classifier_fuse", x);
    }

    /** An encoder/bottleneck/decoder stage: a dense block for FC-DenseNet, a plain sequence otherwise. */
    private String stage(Block b, String x) {
        if (spec.architecture() != Architecture.FCDENSENET) return block(b, x);
        String c1 = g.op("Concat", new String[] {x, block(child(b, "conv1"), x)}, OnnxGraph.integer("axis", 1));
        String c2 = g.op("Concat", new String[] {c1, block(child(b, "conv2"), c1)}, OnnxGraph.integer("axis", 1));
        return block(child(b, "fuse"), c2);
    }

    /** 1x1 convolution to 4F (no bias), depth-to-space in PyTorch's channel order (CRD), one bias per output channel. */
    private String transposedConv(Block b, String x) {
        String y = g.op("DepthToSpace", new String[] {block(child(b, "conv"), x)}, OnnxGraph.integer("blocksize", 2),
                OnnxGraph.text("mode", "CRD"));
        NDArray bias = parameter(b, "bias");
        return g.op("Add", new String[] {y, g.floats("up_bias", bias.toFloatArray(), 1, bias.size(), 1, 1)});
    }

    private String focusNet(FocusNetPlusPlus net, String x) {
        int depth = Integer.numberOfTrailingZeros(net.sizeMultiple());
        boolean uncalibrated = spec.skip() == SkipMode.UNCALIBRATED && spec.seSites().contains(org.scsefiji.nn.Placement.P1);
        x = block(child(net, "stem"), x);
        String[] skips = new String[depth];
        for (int l = 0; l < depth; l++) {
            scale = 1 << l;
            String[] out = resGa(child(net, "enc" + l), x, uncalibrated);
            skips[l] = uncalibrated && out.length > 1 ? out[1] : out[0];
            x = maxPool(out[0]);
        }
        scale = 1 << depth;
        x = resGa(child(net, "bottleneck"), x, false)[0];
        List<String> sides = new ArrayList<>();
        for (int l = depth - 1; l >= 0; l--) {
            scale = 1 << l;
            x = block(child(net, "up" + l), repeat(x, 2));
            x = resGa(child(net, "dec" + l), g.op("Add", new String[] {x, skips[l]}), false)[0];
            sides.add(repeat(block(child(net, "side" + l), x), 1 << l));
        }
        scale = 1;
        x = block(child(net, "head"), g.op("Concat", sides.toArray(new String[0]), OnnxGraph.integer("axis", 1)));
        x = blockIfPresent(net, "head_se", x);
        return block(child(net, "classifier"), x);
    }

    /** FocusNet++'s residual group-attention block (ResGaBlock's forward); a second output is the uncalibrated one. */
    private String[] resGa(Block b, String x, boolean emitUncalibrated) {
        String entry = block(child(b, "entry"), x);
        String[] groups = g.op("Split", 4, new String[] {entry}, OnnxGraph.integer("axis", 1));
        String[] merged = new String[2];
        for (int p = 0; p < 2; p++) {
            String a = block(child(b, "attention" + p), groups[2 * p]);
            String gr = groups[2 * p + 1];
            String o = g.op("Add", new String[] {gr, block(child(b, "residual" + p), gr)});
            merged[p] = block(child(b, "merge" + p), g.op("Mul", new String[] {a, o}));
        }
        String branch = block(child(b, "exit"), g.op("Concat", merged, OnnxGraph.integer("axis", 1)));
        String recalibrated = blockIfPresent(b, "se", branch);
        recalibrated = blockIfPresent(b, "se_fuse", recalibrated);
        Block shortcut = optionalChild(b, "shortcut");
        String s = shortcut == null ? x : block(shortcut, x);
        String out = leaky(g.op("Add", new String[] {s, recalibrated}));
        if (!emitUncalibrated || optionalChild(b, "se") == null) return new String[] {out};
        return new String[] {out, leaky(g.op("Add", new String[] {s, branch}))};
    }

    private String leaky(String x) {
        return g.op("LeakyRelu", new String[] {x}, OnnxGraph.real("alpha", FocusNetPlusPlus.LEAKY_SLOPE));
    }

    // ---- blocks ----

    /** Any block the networks are made of: sequences, convolutions, batch norms, activations, SE blocks, linear maps. */
    private String block(Block b, String x) {
        if (b instanceof SequentialBlock) {
            for (Block c : ((SequentialBlock) b).getChildren().values()) x = block(c, x);
            return x;
        }
        if (b instanceof Conv2d) return conv(b, x);
        if (b instanceof BatchNorm) {
            return g.op("BatchNormalization", new String[] {x, weights(b, "gamma"), weights(b, "beta"), weights(b, "runningMean"),
                weights(b, "runningVar")}, OnnxGraph.real("epsilon", BN_EPSILON));
        }
        if (b instanceof LambdaBlock) return activation((LambdaBlock) b, x);
        if (b instanceof Dropout) return x;
        if (b instanceof ChannelSe) return channelSe(b, x);
        if (b instanceof SpatialSe) return spatialSe(b, x);
        if (b instanceof ScSe) return scSe(b, x);
        throw new IllegalArgumentException("Cannot export a " + b.getClass().getSimpleName() + " block to ONNX");
    }

    private String conv(Block b, String x) {
        NDArray w = parameter(b, "weight");
        long[] s = w.getShape().getShape();
        List<String> in = new ArrayList<>(List.of(x, g.floats("conv_w", w.toFloatArray(), s)));
        NDArray bias = optionalParameter(b, "bias");
        if (bias != null) in.add(g.floats("conv_b", bias.toFloatArray(), bias.size()));
        return g.op("Conv", in.toArray(new String[0]), OnnxGraph.ints("kernel_shape", s[2], s[3]),
                OnnxGraph.ints("pads", s[2] / 2, s[3] / 2, s[2] / 2, s[3] / 2));
    }

    /** cSE: mean over H and W, Linear-ReLU-Linear-sigmoid, channel-wise product. */
    private String channelSe(Block b, String x) {
        String z = squeeze(x);
        String h = g.op("Relu", new String[] {linear(child(b, "reduce"), z)});
        String s = g.op("Sigmoid", new String[] {linear(child(b, "expand"), h)});
        return g.op("Mul", new String[] {x, g.op("Unsqueeze", new String[] {s, g.longs("hw_axes", 2, 3)})});
    }

    private String linear(Block b, String x) {
        if (!(b instanceof Linear)) throw new IllegalArgumentException("cSE expected a Linear block, found " + b.getClass().getSimpleName());
        NDArray w = parameter(b, "weight");
        NDArray bias = parameter(b, "bias");
        return g.op("Gemm", new String[] {x, g.floats("fc_w", w.toFloatArray(), w.getShape().getShape()),
            g.floats("fc_b", bias.toFloatArray(), bias.size())}, OnnxGraph.integer("transB", 1));
    }

    /** sSE: 1x1 convolution to one map, sigmoid, pixel-wise product. */
    private String spatialSe(Block b, String x) {
        return g.op("Mul", new String[] {x, g.op("Sigmoid", new String[] {conv(child(b, "squeeze"), x)})});
    }

    private String scSe(Block b, String x) {
        String c = channelSe(child(b, "cse"), x);
        String s = spatialSe(child(b, "sse"), x);
        Aggregation a = spec.aggregation();
        switch (a) {
            case MAX:
                return g.op("Max", new String[] {c, s});
            case ADD:
                return g.op("Add", new String[] {c, s});
            case MULTIPLY:
                return g.op("Mul", new String[] {c, s});
            case CONCAT:
                return g.op("Concat", new String[] {c, s}, OnnxGraph.integer("axis", 1));
            default:
                throw new IllegalArgumentException("Cannot export aggregation " + a.key());
        }
    }

    /**
     * An activation block is an opaque function: it is identified by what it does to a few probe values
     * (ReLU, LeakyReLU with its slope, sigmoid, identity), so no recipe is written down twice.
     */
    private String activation(LambdaBlock b, String x) {
        float[] probe = {-2f, -0.5f, 0f, 0.5f, 2f};
        float[] y;
        try (NDManager m = manager.newSubManager()) {
            NDList out = b.forward(new ParameterStore(m, false), new NDList(m.create(probe)), false);
            y = out.singletonOrThrow().toFloatArray();
        }
        if (matches(y, probe)) return x;
        if (matches(y, new float[] {0, 0, 0, 0.5f, 2f})) return g.op("Relu", new String[] {x});
        float alpha = -y[0] / 2;
        if (alpha > 0 && alpha < 1 && matches(y, new float[] {-2 * alpha, -0.5f * alpha, 0, 0.5f, 2f})) {
            return g.op("LeakyRelu", new String[] {x}, OnnxGraph.real("alpha", alpha));
        }
        float[] sig = new float[probe.length];
        for (int i = 0; i < probe.length; i++) sig[i] = (float) (1 / (1 + Math.exp(-probe[i])));
        if (matches(y, sig)) return g.op("Sigmoid", new String[] {x});
        throw new IllegalArgumentException("Cannot export activation '" + b.getName() + "' to ONNX");
    }

    private static boolean matches(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-6f) return false;
        return true;
    }

    private String maxPool(String x) {
        return g.op("MaxPool", new String[] {x}, OnnxGraph.ints("kernel_shape", 2, 2), OnnxGraph.ints("strides", 2, 2));
    }

    /** Nearest-neighbour up-sampling by an integer factor: every pixel becomes a factor x factor block. */
    private String repeat(String x, int factor) {
        if (factor == 1) return x;
        return g.op("Resize", new String[] {x, "", g.floats("scales", new float[] {1, 1, factor, factor}, 4)},
                OnnxGraph.text("mode", "nearest"), OnnxGraph.text("coordinate_transformation_mode", "asymmetric"),
                OnnxGraph.text("nearest_mode", "floor"));
    }

    private String blockIfPresent(Block parent, String name, String x) {
        Block b = optionalChild(parent, name);
        return b == null ? x : block(b, x);
    }

    // ---- structure and weights ----

    /** The child a network added under {@code name} (DJL prefixes a number, which is ignored here). */
    private static Block optionalChild(Block parent, String name) {
        for (Pair<String, Block> c : parent.getChildren()) {
            if (c.getKey().replaceFirst("^\\d+", "").equals(name)) return c.getValue();
        }
        return null;
    }

    private static Block child(Block parent, String name) {
        Block b = optionalChild(parent, name);
        if (b == null) throw new IllegalStateException("The network has no block '" + name + "' where its export expects one");
        return b;
    }

    private String weights(Block b, String name) {
        NDArray a = parameter(b, name);
        return g.floats(name, a.toFloatArray(), a.getShape().getShape());
    }

    private static NDArray optionalParameter(Block b, String name) {
        for (Pair<String, Parameter> p : b.getDirectParameters()) {
            if (p.getKey().equals(name) && p.getValue().isInitialized()) return p.getValue().getArray();
        }
        return null;
    }

    private static NDArray parameter(Block b, String name) {
        NDArray a = optionalParameter(b, name);
        if (a == null) throw new IllegalStateException(b.getClass().getSimpleName() + " has no initialised parameter '" + name + "'");
        return a;
    }
}
