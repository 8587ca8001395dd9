package org.scsefiji.bench;

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
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.model.SpecJson;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Networks;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.nn.SkipMode;

/**
 * Shows that the PyTorch twin is the same network as ours, by numbers. A seeded Java network (biases and batch-norm
 * scales and shifts randomised, so that none is a trivial 0 or 1; running statistics calibrated on the input by
 * training-mode passes, as in a trained network) is exported with every parameter's name and shape, loaded into the
 * twin, and both run the same input. Compared:
 * <ul>
 *   <li>softmax probabilities in inference mode, and in training mode (batch statistics; not for FocusNet++, whose
 *       dropout draws differ), in float32;</li>
 *   <li>the gradients of every parameter of sum(logits * G) for a random G, inference mode, in float64 on both sides:
 *       in float32, rounding near a ReLU kink or a max-pool tie sends a gradient to another pixel (PyTorch's own
 *       float32 and float64 gradients then differ by 1e-3), which says nothing about the network. This checks our
 *       pooling switches, unpooling and up-convolution against PyTorch's own operators.</li>
 * </ul>
 */
public final class TwinCheck {
    /** Largest accepted max |difference| of the probabilities. */
    public static final double PROBABILITY_TOLERANCE = 1e-4;
    /** Largest accepted max |difference| of the float64 gradients, relative to the largest gradient. */
    public static final double GRADIENT_TOLERANCE = 1e-9;

    /** Input of the check: two samples, sizes that are not multiples of 16, so padding and cropping are exercised. */
    static final long[] INPUT = {2, 1, 44, 36};
    /** 0.9^40 < 0.015: the running statistics are within 1.5 % of the batch statistics. */
    private static final int CALIBRATION_PASSES = 40;

    /** Max |difference| of the probabilities; the gradient difference is relative to the largest gradient. */
    static final class Result {
        final NetworkSpec spec;
        final double evalProbabilities;
        final double trainProbabilities;
        final double gradients;
        /** max |p(float64) - p(float32)| of the twin itself: how much rounding alone moves the probabilities. */
        final double float32Rounding;

        Result(NetworkSpec spec, double evalProbabilities, double trainProbabilities, double gradients, double float32Rounding) {
            this.spec = spec;
            this.evalProbabilities = evalProbabilities;
            this.trainProbabilities = trainProbabilities;
            this.gradients = gradients;
            this.float32Rounding = float32Rounding;
        }

        boolean withinTolerance() {
            return evalProbabilities <= PROBABILITY_TOLERANCE && gradients <= GRADIENT_TOLERANCE
                    && (Double.isNaN(trainProbabilities) || trainProbabilities <= PROBABILITY_TOLERANCE);
        }

        double worstProbabilities() {
            return Double.isNaN(trainProbabilities) ? evalProbabilities : Math.max(evalProbabilities, trainProbabilities);
        }

        String line() {
            return String.format(Locale.ROOT, "%-10s %-4s %-8s %-7s %-12s  max|dp| inference %.1e, training %s;  "
                            + "float64 gradients max|dg|/max|g| %.1e  (float32 rounding alone: %.1e)",
                    spec.architecture().key(), spec.seBlock().key(), spec.aggregation().key(),
                    spec.positions().size() == 1 ? spec.positions().get(0).key() : spec.positions().toString().replace(" ", ""),
                    spec.skip().key(), evalProbabilities,
                    Double.isNaN(trainProbabilities) ? "(dropout)" : String.format(Locale.ROOT, "%.1e", trainProbabilities),
                    gradients, float32Rounding);
        }
    }

    private TwinCheck() {
    }

    /** The configurations checked per architecture: the paper's default, and one that reaches every adapter. */
    static List<NetworkSpec> specs(Architecture arch) {
        NetworkSpec.Builder base = NetworkSpec.builder().architecture(arch).features(8).classCount(3);
        return List.of(
                base.build(),
                base.seBlock(SeBlockType.SCSE).aggregation(Aggregation.CONCAT).positions(List.of(Placement.P6))
                        .skip(SkipMode.UNCALIBRATED).build(),
                NetworkSpec.builder().architecture(arch).features(8).classCount(3).seBlock(SeBlockType.CSE)
                        .aggregation(Aggregation.ADD).positions(List.of(Placement.P1, Placement.P3)).reduction(4).build());
    }

    /**
     * Checks every configuration of {@link #specs} for each architecture against one twin process and prints
     * a line per configuration; returns true if all are within the tolerances.
     */
    public static boolean checkAll(List<Architecture> architectures, int threads, PrintStream out) throws IOException {
        boolean ok = true;
        try (WorkerProcess twin = PythonTwin.start("torch", threads, null)) {
            out.println("twin: " + twin.request(WorkerProcess.command("hello")));
            for (Architecture a : architectures) {
                double worst = 0;
                for (NetworkSpec spec : specs(a)) {
                    Result r = run(spec, twin);
                    out.println("  " + r.line());
                    ok &= r.withinTolerance();
                    worst = Math.max(worst, r.worstProbabilities());
                }
                out.printf(Locale.ROOT, "%-10s max|diff| of the probabilities: %.2e%n", a.key(), worst);
            }
        }
        out.println(ok ? "twin check passed: probabilities within " + PROBABILITY_TOLERANCE + ", float64 gradients within "
                + GRADIENT_TOLERANCE + " of the largest" : "twin check FAILED");
        return ok;
    }

    static Result run(NetworkSpec spec, WorkerProcess twin) throws IOException {
        return run(spec, spec, twin);
    }

    /** As {@link #run(NetworkSpec, WorkerProcess)}, but the twin builds {@code twinSpec} (a negative control). */
    static Result run(NetworkSpec spec, NetworkSpec twinSpec, WorkerProcess twin) throws IOException {
        Path dir = Files.createTempDirectory("scse-twin-check");
        try {
            return run(spec, twinSpec, twin, dir);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static Result run(NetworkSpec spec, NetworkSpec twinSpec, WorkerProcess twin, Path dir) throws IOException {
        TorchEngine.get();
        boolean trainMode = spec.architecture() != Architecture.FOCUSNETPP;
        Engine.getInstance().setRandomSeed(11);
        try (ScseModel model = ScseModel.create(spec, new Provenance(), Device.cpu());
                NDManager m = model.djlModel().getNDManager().newSubManager()) {
            Random r = new Random(5);
            randomiseBiasesAndScales(model, m, r);
            float[] input = uniform(r, INPUT);
            NDArray x = m.create(input, new Shape(INPUT));
            calibrateRunningStatistics(model, x);
            long[] outShape = {INPUT[0], spec.classCount(), INPUT[2], INPUT[3]};
            float[] gradWeights = gaussian(r, outShape);
            JsonObject meta = export(model, dir);
            meta.add("spec", SpecJson.toJson(twinSpec));
            meta.add("input_shape", array(INPUT));
            meta.add("output_shape", array(outShape));
            meta.addProperty("train_mode", trainMode);
            Files.writeString(dir.resolve("meta.json"), meta.toString(), StandardCharsets.UTF_8);
            write(dir.resolve("input.bin"), input);
            write(dir.resolve("grad_weights.bin"), gradWeights);

            float[] evalProbs = forward(model.network(), x, false).softmax(1).toFloatArray();
            double[] grads = float64Gradients(model, m, x, m.create(gradWeights, new Shape(outShape)));
            float[] trainProbs = trainMode ? forward(model.network(), x, true).softmax(1).toFloatArray() : null;

            JsonObject cmd = WorkerProcess.command("check");
            cmd.addProperty("dir", dir.toString());
            JsonObject reply = twin.request(cmd);
            double largest = 0;
            for (double g : grads) largest = Math.max(largest, Math.abs(g));
            double[] twinGrads = readDoubles(dir.resolve("twin_grads64.bin"), grads.length);
            double gradDiff = 0;
            for (int i = 0; i < grads.length; i++) gradDiff = worse(gradDiff, Math.abs(grads[i] - twinGrads[i]));
            return new Result(spec,
                    maxDiff(evalProbs, read(dir.resolve("twin_eval.bin"), evalProbs.length)),
                    trainMode ? maxDiff(trainProbs, read(dir.resolve("twin_train.bin"), trainProbs.length)) : Double.NaN,
                    gradDiff / Math.max(largest, Double.MIN_NORMAL), reply.get("float32_rounding").getAsDouble());
        }
    }

    private static NDArray forward(SegmentationNetwork net, NDArray x, boolean training) {
        return net.forward(new ParameterStore(x.getManager(), false), new NDList(x), training).singletonOrThrow();
    }

    /**
     * Gradients of sum(logits * g) for every learned parameter, in parameter order, inference-mode forward, computed
     * by a float64 copy of the network (the same values, widened).
     */
    private static double[] float64Gradients(ScseModel model, NDManager m, NDArray x, NDArray g) {
        SegmentationNetwork wide = Networks.create(model.spec());
        wide.initialize(m, DataType.FLOAT64, x.getShape());
        List<Parameter> from = model.network().getParameters().values();
        List<Parameter> to = wide.getParameters().values();
        List<NDArray> learned = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            NDArray src = from.get(i).getArray();
            NDArray dst = to.get(i).getArray();
            src.toType(DataType.FLOAT64, true).copyTo(dst);
            if (learned(to.get(i))) {
                if (!dst.hasGradient()) dst.setRequiresGradient(true);
                learned.add(dst);
            }
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = forward(wide, x.toType(DataType.FLOAT64, true), false);
            gc.backward(logits.mul(g.toType(DataType.FLOAT64, true)).sum());
        }
        int total = 0;
        for (NDArray a : learned) total += Math.toIntExact(a.size());
        double[] all = new double[total];
        int at = 0;
        for (NDArray a : learned) {
            double[] v = a.getGradient().toDoubleArray();
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }

    private static boolean learned(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    /** Biases and betas ~ N(0, 0.1), gammas ~ U(0.5, 1.5). */
    private static void randomiseBiasesAndScales(ScseModel model, NDManager m, Random r) {
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.BIAS && type != Parameter.Type.BETA && type != Parameter.Type.GAMMA) continue;
            NDArray a = p.getValue().getArray();
            float[] v = new float[Math.toIntExact(a.size())];
            for (int i = 0; i < v.length; i++) v[i] = type == Parameter.Type.GAMMA ? 0.5f + r.nextFloat() : (float) (0.1 * r.nextGaussian());
            m.create(v, a.getShape()).copyTo(a);
        }
    }

    /**
     * Training-mode passes until the batch-norm running statistics (momentum 0.9) are those of the input, as
     * in a trained network. With the initial statistics (mean 0, variance 1) activations grow layer by layer in
     * inference mode, and a deep residual network such as FocusNet++ becomes so ill-conditioned that float32
     * rounding alone changes its probabilities by 1e-2 (in PyTorch as in DJL).
     */
    private static void calibrateRunningStatistics(ScseModel model, NDArray x) {
        for (int i = 0; i < CALIBRATION_PASSES; i++) {
            try (NDManager pass = x.getManager().newSubManager()) {
                NDArray xi = x.duplicate();
                xi.attach(pass);
                forward(model.network(), xi, true);
            }
        }
    }

    /** Writes every parameter (float32, little-endian, in DJL's order) and returns the index for meta.json. */
    private static JsonObject export(ScseModel model, Path dir) throws IOException {
        JsonArray index = new JsonArray();
        long offset = 0;
        try (FileChannel ch = FileChannel.open(dir.resolve("params.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (Pair<String, Parameter> p : model.network().getParameters()) {
                NDArray a = p.getValue().getArray();
                JsonObject e = new JsonObject();
                e.addProperty("name", p.getKey());
                e.add("shape", array(a.getShape().getShape()));
                e.addProperty("offset", offset);
                e.addProperty("learned", learned(p.getValue()));
                index.add(e);
                float[] v = a.toFloatArray();
                ch.write(littleEndian(v));
                offset += v.length;
            }
        }
        JsonObject meta = new JsonObject();
        meta.add("params", index);
        return meta;
    }

    private static ByteBuffer littleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b;
    }

    private static void write(Path file, float[] v) throws IOException {
        Files.write(file, littleEndian(v).array());
    }

    private static float[] read(Path file, int expected) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        if (v.length != expected) throw new IOException(file.getFileName() + ": the twin wrote " + v.length + " values, expected " + expected);
        return v;
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = worse(d, Math.abs((double) a[i] - b[i]));
        return d;
    }

    /** The larger of two differences; NaN counts as the worst. */
    private static double worse(double d, double e) {
        return e <= d ? d : e;
    }

    private static double[] readDoubles(Path file, int expected) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(v);
        if (v.length != expected) throw new IOException(file.getFileName() + ": the twin wrote " + v.length + " values, expected " + expected);
        return v;
    }

    private static float[] uniform(Random r, long[] shape) {
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
        return v;
    }

    private static float[] gaussian(Random r, long[] shape) {
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    private static int size(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return Math.toIntExact(n);
    }

    private static JsonArray array(long[] v) {
        JsonArray a = new JsonArray();
        for (long x : v) a.add(x);
        return a;
    }
}
