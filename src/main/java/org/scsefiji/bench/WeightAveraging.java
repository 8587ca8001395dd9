package org.scsefiji.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.nio.file.Path;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;

/**
 * Averages the weights of two models of one network (a "model soup", Wortsman et al. 2022): meaningful only for
 * models that share a starting point, e.g. a model and its fine-tuned copy, or two epochs of one run; two networks
 * trained from scratch sit in different minima and their average is not a model. Every parameter, batch-norm
 * statistics included, becomes (1 - w) A + w B. Spec and provenance are A's. Usage: {@code java -cp scse.jar
 * org.scsefiji.bench.WeightAveraging A B W OUT}.
 */
public final class WeightAveraging {
    private WeightAveraging() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java -cp scse.jar org.scsefiji.bench.WeightAveraging A B W OUT");
            System.exit(2);
        }
        float w = Float.parseFloat(args[2]);
        if (!(w >= 0 && w <= 1)) throw new IllegalArgumentException("W must lie in [0, 1], got " + args[2]);
        Device device = Device.cpu();
        try (ScseModel a = ModelFile.load(Path.of(args[0]), device); ScseModel b = ModelFile.load(Path.of(args[1]), device)) {
            PairList<String, Parameter> pa = a.network().getParameters();
            PairList<String, Parameter> pb = b.network().getParameters();
            if (pa.size() != pb.size()) throw new IllegalArgumentException(args[0] + " and " + args[1] + " are different networks");
            for (int i = 0; i < pa.size(); i++) {
                Pair<String, Parameter> p = pa.get(i);
                NDArray x = p.getValue().getArray();
                NDArray y = pb.get(i).getValue().getArray();
                Shape s = x.getShape();
                if (!p.getKey().equals(pb.get(i).getKey()) || !s.equals(y.getShape())) {
                    throw new IllegalArgumentException("parameter " + p.getKey() + " differs between the two models");
                }
                x.muli(1 - w).addi(y.mul(w));
            }
            ModelFile.save(a, Path.of(args[3]));
        }
        System.out.println(args[3] + ": (1 - " + w + ") " + args[0] + " + " + w + " " + args[1]);
    }
}
