package org.scsefiji.train;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;

/**
 * Run in a second JVM by {@link CheckpointKillTest}: saves the same model file over and over and prints
 * "saved k" after save k. Before save k every weight array gets fresh random values (so the file does not
 * compress and a write takes a while) with its first element set to k. Killing the process at any
 * moment must leave a file holding one complete version: every first element equal.
 */
public final class CheckpointWriterProcess {
    private CheckpointWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Paths.get(args[0]);
        NetworkSpec spec = NetworkSpec.builder().architecture(Architecture.UNET).features(128).classCount(2).build();
        Random random = new Random(1);
        try (ScseModel model = ScseModel.create(spec, new Provenance(), Device.cpu())) {
            for (int k = 1; ; k++) {
                for (Pair<String, Parameter> p : model.network().getParameters()) {
                    float[] v = new float[(int) p.getValue().getArray().size()];
                    for (int i = 1; i < v.length; i++) v[i] = random.nextFloat();
                    v[0] = k;
                    p.getValue().getArray().set(v);
                }
                model.setProvenance(new Provenance().with("save", Integer.toString(k)));
                ModelFile.save(model, target);
                System.out.println("saved " + k);
                System.out.flush();
            }
        }
    }
}
