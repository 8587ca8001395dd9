package org.scsefiji.nn.ops;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
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
        if (groups != 1 || device.isGpu() || x.getDataType() != DataType.FLOAT32) {
            return super.forwardInternal(ps, inputs, training, params);
        }
        if (kernelShape.size() == 1) {
            if (stride.equals(ONE) && dilation.equals(ONE) && padding.equals(NONE) && PointwiseConvolution.suits(x, filters)) {
                return new NDList(PointwiseConvolution.apply(x, ps.getValue(weight, device, training),
                        bias == null ? null : ps.getValue(bias, device, training)));
            }
            return super.forwardInternal(ps, inputs, training, params);
        }
        long ic = x.getShape().get(1);
        long icPadded = paddedInputChannels(ic);
        long ocPadded = JniUtils.isGradMode() ? paddedFilters(filters) : filters;
        if (icPadded == ic && ocPadded == filters) return super.forwardInternal(ps, inputs, training, params);

        // Results of operations on the parameters belong to the model's manager: move them to the call's.
        // Everything made here is closed once used: in inference the call's manager closes only at the end of
        // the forward, and a padded copy of a full-resolution input would stay alive until then.
        NDManager m = x.getManager();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        Shape ws = w.getShape();
        NDList made = new NDList();
        if (icPadded != ic) {
            x = padded(x, new Shape(x.getShape().get(0), icPadded - ic, x.getShape().get(2), x.getShape().get(3)), 1, m, made);
            w = padded(w, new Shape(ws.get(0), icPadded - ic, ws.get(2), ws.get(3)), 1, m, made);
        }
        if (ocPadded != filters) {
            w = padded(w, new Shape(ocPadded - filters, icPadded, ws.get(2), ws.get(3)), 0, m, made);
            if (b != null) b = padded(b, new Shape(ocPadded - filters), 0, m, made);
        }
        NDArray y = conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
        made.close();
        if (ocPadded == filters) return new NDList(y);
        NDArray cut = y.get(new NDIndex(":, 0:{}", filters));
        y.close();
        return new NDList(cut);
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
