package org.scsefiji.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;

/** Small specs and a seeded model factory for network tests. */
public final class NetworkTestSupport {
    private NetworkTestSupport() {
    }

    /** Every architecture with no SE, cSE, sSE, and scSE under each aggregation. */
    public static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> variants() {
        java.util.List<org.junit.jupiter.params.provider.Arguments> list = new java.util.ArrayList<>();
        for (Architecture a : Architecture.values()) {
            list.add(org.junit.jupiter.params.provider.Arguments.of(a, SeBlockType.NONE, Aggregation.MAX));
            list.add(org.junit.jupiter.params.provider.Arguments.of(a, SeBlockType.CSE, Aggregation.MAX));
            list.add(org.junit.jupiter.params.provider.Arguments.of(a, SeBlockType.SSE, Aggregation.MAX));
            for (Aggregation g : Aggregation.values()) list.add(org.junit.jupiter.params.provider.Arguments.of(a, SeBlockType.SCSE, g));
        }
        return list.stream();
    }

    /** A spec with few features so tests stay fast; everything else as given. */
    public static NetworkSpec.Builder small(Architecture arch) {
        return NetworkSpec.builder().architecture(arch).features(8).classCount(3);
    }

    /** A model with seeded weights on the CPU. */
    public static ScseModel seededModel(NetworkSpec spec, int seed) {
        return seededModel(spec, seed, new Provenance());
    }

    /** A model with seeded weights on the CPU, whatever the engine's random state before (tests run in any order). */
    public static ScseModel seededModel(NetworkSpec spec, int seed, Provenance provenance) {
        org.scsefiji.engine.TorchEngine.get();
        Engine.getInstance().setRandomSeed(seed);
        return ScseModel.create(spec, provenance, Device.cpu());
    }

    /** Seeded random input (n, c, h, w) in [0, 1). */
    public static NDArray randomInput(NDManager m, int seed, long n, long c, long h, long w) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[(int) (n * c * h * w)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
        return m.create(v, new Shape(n, c, h, w));
    }

    /** Inference forward of a model on x. */
    public static NDArray forward(ScseModel model, NDArray x) {
        return model.network().forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }

    public static NDManager manager() {
        return NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }
}
