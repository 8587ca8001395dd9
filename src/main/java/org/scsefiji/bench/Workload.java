package org.scsefiji.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.Random;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.SpecJson;
import org.scsefiji.nn.Architecture;

/**
 * One timed operation, the same on both sides: inference (forward + softmax, no gradients) on one image,
 * the product path ({@code segment}: Segmenter with default options on an 8-bit image, DJL only), or one
 * training step (forward, ReLayNet loss = weighted cross-entropy + soft Dice, backward, SGD with
 * momentum 0.95 and weight decay 1e-4) on a batch. Input: uniform [0, 1); training labels: horizontal
 * class stripes, pixel weights 1.
 */
final class Workload {
    enum Op { INFER, TRAIN, SEGMENT }

    final Op op;
    final NetworkSpec spec;
    /** (N, C, H, W). */
    final long[] shape;

    Workload(Op op, NetworkSpec spec, long[] shape) {
        this.op = op;
        this.spec = spec;
        this.shape = shape.clone();
    }

    /**
     * The workloads: ReLayNet (10 classes) on a 496 x 768 B-scan / a batch of 4 strips of 496 x 64;
     * any other architecture (2 classes) on 1024 x 1024 / a batch of 4 tiles of 256 x 256. scSE, max-out, P5, r = 2.
     */
    static Workload standard(Op op, Architecture arch, int features) {
        boolean oct = arch == Architecture.RELAYNET;
        NetworkSpec spec = NetworkSpec.builder().architecture(arch).features(features)
                .classes(oct ? ClassPalettes.retinalLayers() : ClassPalettes.generic(2)).build();
        long[] shape;
        if (op == Op.INFER) shape = oct ? new long[] {1, 1, 496, 768} : new long[] {1, 1, 1024, 1024};
        else shape = oct ? new long[] {4, 1, 496, 64} : new long[] {4, 1, 256, 256};
        return new Workload(op, spec, shape);
    }

    /** Segmenting a square image of {@code side} pixels (1 channel), the network as {@link #standard}. */
    static Workload segment(Architecture arch, int features, long side) {
        Workload inferred = standard(Op.INFER, arch, features);
        return new Workload(Op.SEGMENT, inferred.spec, new long[] {1, 1, side, side});
    }

    /** The untiled forward a segment case is compared with: the standard inference input, or the image if smaller. */
    Workload reference() {
        Workload w = standard(Op.INFER, spec.architecture(), spec.features());
        if (shape[2] * shape[3] < w.shape[2] * w.shape[3]) return new Workload(Op.INFER, spec, shape);
        return new Workload(Op.INFER, spec, w.shape);
    }

    String label() {
        return String.format(Locale.ROOT, "%s %s %dx%dx%dx%d", op.name().toLowerCase(Locale.ROOT),
                spec.architecture().key(), shape[0], shape[1], shape[2], shape[3]);
    }

    JsonObject toJson() {
        JsonObject o = WorkerProcess.command("setup");
        o.addProperty("op", op.name().toLowerCase(Locale.ROOT));
        o.add("spec", SpecJson.toJson(spec));
        JsonArray s = new JsonArray();
        for (long v : shape) s.add(v);
        o.add("shape", s);
        o.addProperty("seed", 0);
        return o;
    }

    static Workload fromJson(JsonObject o) {
        JsonArray s = o.getAsJsonArray("shape");
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).getAsLong();
        Op op = Op.valueOf(o.get("op").getAsString().toUpperCase(Locale.ROOT));
        return new Workload(op, SpecJson.fromJson(o.getAsJsonObject("spec")), shape);
    }

    float[] input() {
        Random r = new Random(0);
        float[] v = new float[Math.toIntExact(shape[0] * shape[1] * shape[2] * shape[3])];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
        return v;
    }

    /** (N, H, W) labels: row y of every sample gets class y * K / H. */
    float[] stripeLabels() {
        int n = (int) shape[0], h = (int) shape[2], w = (int) shape[3], k = spec.classCount();
        float[] v = new float[n * h * w];
        for (int i = 0; i < v.length; i++) v[i] = (float) (((i / w) % h) * k / h);
        return v;
    }
}
