package org.scsefiji.nn.ops;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DJL's convolution, with a work-around for wrong results of libtorch 2.7.1's oneDNN (3.7.1) convolution kernels,
 * observed on an AMD EPYC (Zen 5, AVX-512 with bf16) virtual machine. oneDNN computes in blocks of 16 channels
 * (8 when limited to AVX2); with a kernel larger than 1x1 it gets wrong, by relative errors of 0.2 to 0.9 and at
 * times NaN (it reads memory it never wrote, so runs with the same seed differ):
 * <ul>
 *   <li>the forward result (inference too) when the input has more than one channel block and a partial last one
 *       (AVX-512: 17..31, 33..47 input channels; AVX2: 9..15, 17..23, ...);</li>
 *   <li>the input gradient (backward-data) when the number of filters is not a multiple of the block: every
 *       gradient upstream of such a layer is then wrong (features = 8 networks: all but the last layers).</li>
 * </ul>
 * Weight gradients, 1x1 kernels and full blocks are right; Debian's PyTorch 1.13 (oneDNN 2.6) is right on the same
 * machine. {@code ConvolutionGradientTest} checks all three against a double-precision reference.
 *
 * <p><b>The work-around</b>: such a convolution runs on zero-padded channels, which changes no value. Input channels
 * beyond 8 are padded to a multiple of 16 (zero input channels, zero weights for them); while autograd records (grad
 * mode on: a backward may follow) the filters are padded to a multiple of 16 with zero filters and the extra output
 * channels cut off again. Only kernels larger than 1x1, on the CPU, in float32; everything else, and the first
 * convolution of every network in inference (1 input channel), takes DJL's path unchanged.
 *
 * <p>A 1x1 convolution with fewer filters than one block (a classifier, sSE's squeeze) runs as a matrix product instead
 * ({@link PointwiseConvolution}: oneDNN is slow there on more than one thread); wider ones take DJL's path.
 *
 * <p>The parameters keep their shapes, and this class keeps the simple name {@code Conv2d} on purpose:
 * {@code SequentialBlock} names its children after the class, and parameter names ({@code 01enc0_01Conv2d_weight})
 * are part of saved models and of the PyTorch twin. It lives with the ops (not in {@code nn.arch}) because the SE
 * blocks use it too (sSE's squeeze), and {@code nn.arch} builds on {@code nn.se}.
 */
public final class Conv2d extends ai.djl.nn.convolutional.Conv2d {
    /** oneDNN's float32 channel block on AVX-512 (a multiple of AVX2's 8). */
    static final int CHANNEL_BLOCK = 16;
    /** Input channels up to this many fit one block on every ISA and need no padding. */
    private static final int ONE_BLOCK = 8;
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NONE = new Shape(0, 0);

    private Conv2d(Builder builder) {
        super(builder);
    }

    /** A "same"-padded, stride-1 convolution with a kh x kw kernel. */
    public static Conv2d of(int kh, int kw, int filters, boolean bias) {
        return new Conv2d(ai.djl.nn.convolutional.Conv2d.builder().setKernelShape(new Shape(kh, kw)).setFilters(filters)
                .optPadding(new Shape(kh / 2, kw / 2)).optBias(bias));
    }

    /** Input channels after padding: unchanged up to one block and for full blocks. */
    static long paddedInputChannels(long channels) {
        return channels <= ONE_BLOCK ? channels : roundUp(channels);
    }

    /** Filters after padding (only while autograd records). */
    static long paddedFilters(long filters) {
        return roundUp(filters);
    }

    private static long roundUp(long c) {
        return (c + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        if (!onCpuInFloat32(x)) return super.forwardInternal(ps, inputs, training, params);
        if (kernelShape.size() == 1) {
            if (stride.equals(ONE) && dilation.equals(ONE) && padding.equals(NONE) && PointwiseConvolution.suits(x, filters)) {
                return new NDList(PointwiseConvolution.apply(x, ps.getValue(weight, device, training),
                        bias == null ? null : ps.getValue(bias, device, training)));
            }
            return super.forwardInternal(ps, inputs, training, params);
        }
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        return new NDList(convolve(x, w, b, padding));
    }

    /**
     * This 3x3 convolution applied to {@code x} up-sampled 2x by repetition ({@link Resampling#repeat2x}), without
     * making the up-sampled input: each of the four output phases (even or odd row and column) sees only two rows
     * and two columns of {@code x}, so it is a 2x2 convolution of {@code x} with taps summed from the 3x3 kernel
     * (row phase 0 sees rows i-1, i with kernel rows 0 and 1+2; phase 1 sees rows i, i+1 with rows 0+1 and 2).
     * All four run as one 2x2 convolution to 4x the filters with padding 1, whose outputs are offset by their phase,
     * then go to their pixels by depth-to-space. The same values as the plain path up to rounding (the summed taps),
     * a quarter of the pixels in the convolution, 4/9 of its arithmetic, and no up-sampled copy: in FocusNet++'s
     * decoder that copy and its channel-padded twin were the largest arrays of a forward.
     */
    public NDArray forwardOnRepeated2x(ParameterStore ps, NDArray x, boolean training) {
        Device device = x.getDevice();
        if (!kernelShape.equals(new Shape(3, 3)) || !stride.equals(ONE) || !dilation.equals(ONE) || !padding.equals(ONE) || groups != 1) {
            throw new IllegalStateException("forwardOnRepeated2x needs a 3x3 convolution of stride 1, padding 1, dilation 1 and one"
                    + " group; this one has kernel " + kernelShape + ", stride " + stride + ", padding " + padding + ", dilation " + dilation
                    + ", groups " + groups);
        }
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        try (NDManager scratch = x.getManager().newSubManager()) {
            // Results of operations on the parameters belong to the model's manager: each goes to the scratch scope
            // (the parameters themselves are not moved: forwards on other threads may read them).
            NDArray[] rows = phaseTaps(w, 2, scratch);
            NDList phases = new NDList(4);
            for (NDArray r : rows) {
                for (NDArray c : phaseTaps(r, 3, scratch)) phases.add(c);
            }
            // (C, 4, Cin, 2, 2) -> 4C filters, filter 4c + 2a + b = phase (a, b) of output channel c, as depthToSpace2x reads them
            Shape ws = w.getShape();
            NDArray w4 = NDArrays.stack(phases, 1).reshape(4 * ws.get(0), ws.get(1), 2, 2);
            NDArray b4 = b == null ? null : owned(b.reshape(-1, 1), scratch).repeat(1, 4).reshape(-1);
            NDArray y = convolve(x, w4, b4, ONE);
            y.attach(scratch);
            long h = x.getShape().get(2), wd = x.getShape().get(3);
            NDList shifted = new NDList(4);
            for (int a = 0; a < 2; a++) {
                for (int bb = 0; bb < 2; bb++) {
                    shifted.add(y.get(new NDIndex(":, {}::4, {}:{}, {}:{}", 2 * a + bb, a, a + h, bb, bb + wd)));
                }
            }
            NDArray stacked = NDArrays.stack(shifted, 2);
            Shape ys = y.getShape();
            shifted.close();
            y.close();
            NDArray out = Resampling.depthToSpace2x(stacked.reshape(ys.get(0), ys.get(1), h, wd));
            out.attach(x.getManager());
            return out;
        }
    }

    /** The two taps of each phase along {@code axis} (2 = rows, 3 = columns) of a 3-tap kernel: {[k0, k1 + k2], [k0 + k1, k2]}. */
    private static NDArray[] phaseTaps(NDArray k, int axis, NDManager scratch) {
        NDList t = k.split(3, axis);
        t.attach(scratch);
        NDArray even = NDArrays.concat(new NDList(t.get(0), t.get(1).add(t.get(2))), axis);
        NDArray odd = NDArrays.concat(new NDList(t.get(0).add(t.get(1)), t.get(2)), axis);
        return new NDArray[] {even, odd};
    }

    private static NDArray owned(NDArray a, NDManager m) {
        a.attach(m);
        return a;
    }

    /** The convolution of {@code x} with {@code w} and {@code b}, through the oneDNN work-around where it applies. */
    private NDArray convolve(NDArray x, NDArray w, NDArray b, Shape pad) {
        if (!onCpuInFloat32(x)) return conv2d(x, w, b, stride, pad, dilation, groups).singletonOrThrow();
        Shape ws = w.getShape();
        long ic = x.getShape().get(1);
        long icPadded = paddedInputChannels(ic);
        long ocPadded = JniUtils.isGradMode() ? paddedFilters(ws.get(0)) : ws.get(0);
        long oc = ws.get(0);
        if (icPadded == ic && ocPadded == oc) return conv2d(x, w, b, stride, pad, dilation, groups).singletonOrThrow();

        // Results of operations on the parameters belong to the model's manager: move them to the call's.
        // Everything made here is closed once used: in inference the call's manager closes only at the end of
        // the forward, and a padded copy of a full-resolution input would stay alive until then.
        NDManager m = x.getManager();
        NDList made = new NDList();
        if (icPadded != ic) {
            x = padded(x, new Shape(x.getShape().get(0), icPadded - ic, x.getShape().get(2), x.getShape().get(3)), 1, m, made);
            w = padded(w, new Shape(ws.get(0), icPadded - ic, ws.get(2), ws.get(3)), 1, m, made);
        }
        if (ocPadded != oc) {
            w = padded(w, new Shape(ocPadded - oc, icPadded, ws.get(2), ws.get(3)), 0, m, made);
            if (b != null) b = padded(b, new Shape(ocPadded - oc), 0, m, made);
        }
        NDArray y = conv2d(x, w, b, stride, pad, dilation, groups).singletonOrThrow();
        made.close();
        if (ocPadded == oc) return y;
        NDArray cut = y.get(new NDIndex(":, 0:{}", oc));
        y.close();
        return cut;
    }

    /** Where the oneDNN work-around and the matrix-product form apply: one group, on the CPU, in float32. */
    private boolean onCpuInFloat32(NDArray x) {
        return groups == 1 && !x.getDevice().isGpu() && x.getDataType() == DataType.FLOAT32;
    }

    /** {@code a} with zeros of shape {@code zeros} appended along {@code axis}, in the call's manager {@code m}; listed in {@code made}. */
    private static NDArray padded(NDArray a, Shape zeros, int axis, NDManager m, NDList made) {
        NDArray z = m.zeros(zeros);
        NDArray out = a.concat(z, axis);
        z.close();
        out.attach(m);
        made.add(out);
        return out;
    }
}
