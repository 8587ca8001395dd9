package org.scsefiji.nn.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Networks;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.nn.ops.Conv2d;

/**
 * The convolutions of our networks against independent references (see {@link Conv2d} for the oneDNN bug they
 * guard against): each layer shape against a plain-Java double-precision convolution, and the first convolution's
 * weight gradient of every architecture against the same network in float64 (libtorch's float64 convolution does
 * not use oneDNN).
 */
class ConvolutionGradientTest {
    private static final double LAYER_TOLERANCE = 1e-4;

    @BeforeAll
    static void engine() {
        TorchEngine.get();
    }

    /** Output, input gradient, weight and bias gradients of single layers, with and without grad mode. */
    @Test
    void layersMatchDoubleReference() {
        int[][] kernels = {{1, 1}, {3, 3}, {7, 3}, {5, 5}, {7, 7}};
        int[] inputs = {1, 8, 9, 16, 17, 24, 32, 40};
        int[] outputs = {1, 8, 12, 16, 24};
        List<String> wrong = new ArrayList<>();
        for (int[] k : kernels) {
            for (int ic : inputs) {
                for (int oc : outputs) {
                    String r = checkLayer(k[0], k[1], ic, oc);
                    if (r != null) wrong.add(r);
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " layer shapes differ from the double reference:\n" + String.join("\n", wrong));
    }

    private static String checkLayer(int kh, int kw, int ic, int oc) {
        int n = 2, h = 12, w = 10;
        Random r = new Random(31L * ic + oc + 1000L * kh + kw);
        float[] x = fill(r, n * ic * h * w, false);
        float[] dy = fill(r, n * oc * h * w, true);
        try (NDManager m = NDManager.newBaseManager()) {
            Conv2d conv = ConvBlocks.conv(kh, kw, oc, true);
            conv.initialize(m, DataType.FLOAT32, new Shape(n, ic, h, w));
            NDArray weight = conv.getParameters().get("weight").getArray();
            NDArray bias = conv.getParameters().get("bias").getArray();
            m.create(fill(r, oc, true)).copyTo(bias);
            float[] wt = weight.toFloatArray();
            float[] b = bias.toFloatArray();
            double[] ry = new double[n * oc * h * w];
            double[] rx = new double[x.length];
            double[] rw = new double[wt.length];
            double[] rb = new double[oc];
            int ph = kh / 2, pw = kw / 2;
            for (int s = 0; s < n; s++) {
                for (int o = 0; o < oc; o++) {
                    for (int yy = 0; yy < h; yy++) {
                        for (int xx = 0; xx < w; xx++) {
                            double d = dy[((s * oc + o) * h + yy) * w + xx];
                            double sum = b[o];
                            rb[o] += d;
                            for (int c = 0; c < ic; c++) {
                                for (int i = 0; i < kh; i++) {
                                    int sy = yy + i - ph;
                                    if (sy < 0 || sy >= h) continue;
                                    for (int j = 0; j < kw; j++) {
                                        int sx = xx + j - pw;
                                        if (sx < 0 || sx >= w) continue;
                                        int xi = ((s * ic + c) * h + sy) * w + sx;
                                        int wi = ((o * ic + c) * kh + i) * kw + j;
                                        sum += (double) x[xi] * wt[wi];
                                        rx[xi] += wt[wi] * d;
                                        rw[wi] += x[xi] * d;
                                    }
                                }
                            }
                            ry[((s * oc + o) * h + yy) * w + xx] = sum;
                        }
                    }
                }
            }
            NDArray input = m.create(x, new Shape(n, ic, h, w));
            double inference = relErr(forward(conv, input, false).toFloatArray(), ry);
            input.setRequiresGradient(true);
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            double training;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = forward(conv, input, true);
                training = relErr(y.toFloatArray(), ry);
                gc.backward(y.mul(m.create(dy, y.getShape())).sum());
            }
            double[] errors = {inference, training, relErr(input.getGradient().toFloatArray(), rx),
                relErr(weight.getGradient().toFloatArray(), rw), relErr(bias.getGradient().toFloatArray(), rb)};
            for (double e : errors) {
                if (!(e <= LAYER_TOLERANCE)) {
                    return String.format(Locale.ROOT, "  %dx%d kernel, %d -> %d channels: relative error of output %.1e "
                                    + "(inference) %.1e (training), of input gradient %.1e, weight gradient %.1e, bias gradient %.1e",
                            kh, kw, ic, oc, errors[0], errors[1], errors[2], errors[3], errors[4]);
                }
            }
            return null;
        }
    }

    /**
     * The weight gradient of each architecture's first convolution (1 input channel; 3x3 U-Net, 7x3 ReLayNet,
     * 7x7 SD-Net, 5x5 FC-DenseNet and FocusNet++) for a seeded batch, against the float64 copy of the network:
     * it collects the errors of every layer behind it.
     */
    @Test
    void firstConvolutionWeightGradientMatchesFloat64() {
        List<String> wrong = new ArrayList<>();
        for (Architecture a : Architecture.values()) {
            NetworkSpec spec = NetworkSpec.builder().architecture(a).features(8).classCount(3).build();
            double e = firstWeightGradientError(spec);
            // FocusNet++ in inference mode with uncalibrated batch-norm statistics is ill-conditioned: float32
            // rounding alone moves some gradients by 1e-2 (see TwinCheck); the bug moves them by 0.5 or more.
            double tolerance = a == Architecture.FOCUSNETPP ? 5e-2 : 1e-3;
            if (!(e <= tolerance)) wrong.add(String.format(Locale.ROOT, "  %s: relative error %.2e", a.key(), e));
        }
        assertTrue(wrong.isEmpty(), "first-convolution weight gradients differ from float64:\n" + String.join("\n", wrong));
    }

    private static double firstWeightGradientError(NetworkSpec spec) {
        int n = 2, h = 48, w = 32;
        Engine.getInstance().setRandomSeed(11);
        try (ScseModel model = ScseModel.create(spec, new Provenance(), Device.cpu());
                NDManager m = model.djlModel().getNDManager().newSubManager()) {
            Random r = new Random(5);
            NDArray x = m.create(fill(r, n * h * w, false), new Shape(n, 1, h, w));
            NDArray g = m.create(fill(r, n * spec.classCount() * h * w, true), new Shape(n, spec.classCount(), h, w));
            SegmentationNetwork net = model.network();
            SegmentationNetwork wide = Networks.create(spec);
            wide.initialize(m, DataType.FLOAT64, x.getShape());
            List<Parameter> from = net.getParameters().values();
            List<Parameter> to = wide.getParameters().values();
            for (int i = 0; i < from.size(); i++) from.get(i).getArray().toType(DataType.FLOAT64, true).copyTo(to.get(i).getArray());
            float[] single = firstWeightGradient(net, x, g).toType(DataType.FLOAT32, true).toFloatArray();
            double[] dbl = firstWeightGradient(wide, x.toType(DataType.FLOAT64, true), g.toType(DataType.FLOAT64, true)).toDoubleArray();
            return relErr(single, dbl);
        }
    }

    private static NDArray firstWeightGradient(SegmentationNetwork net, NDArray x, NDArray g) {
        for (Parameter p : net.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) continue;
            if (!p.getArray().hasGradient()) p.getArray().setRequiresGradient(true);
        }
        Parameter first = net.getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.WEIGHT && p.getArray().getShape().dimension() == 4)
                .findFirst().orElseThrow();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = net.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
            gc.backward(y.mul(g).sum());
        }
        return first.getArray().getGradient();
    }

    private static NDArray forward(Conv2d conv, NDArray x, boolean training) {
        return conv.forward(new ParameterStore(x.getManager(), false), new NDList(x), training).singletonOrThrow();
    }

    private static float[] fill(Random r, int size, boolean gaussian) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = gaussian ? (float) r.nextGaussian() : r.nextFloat();
        return v;
    }

    /** max |a - ref| / max |ref|; NaN anywhere gives NaN. */
    private static double relErr(float[] a, double[] ref) {
        double largest = 0, diff = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(ref[i]));
            double d = Math.abs(a[i] - ref[i]);
            if (Double.isNaN(d)) return Double.NaN;
            diff = Math.max(diff, d);
        }
        return diff / Math.max(largest, Double.MIN_NORMAL);
    }
}
