package org.scsefiji.bench;

import java.nio.file.Path;
import org.scsefiji.model.ModelFile;
import org.scsefiji.train.LogitAdjustment;

/**
 * Gives an already trained model the logit offsets of {@link LogitAdjustment} for its recorded class weights
 * (new runs get them from train's logit_adjustment option). Weights and provenance are copied unchanged; the
 * source is never overwritten unless named as the target. Usage: {@code java -cp scse.jar
 * org.scsefiji.bench.LogitAdjustmentTool MODEL TAU OUT}.
 */
public final class LogitAdjustmentTool {
    private LogitAdjustmentTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java -cp scse.jar org.scsefiji.bench.LogitAdjustmentTool MODEL TAU OUT");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        double tau = Double.parseDouble(args[1]);
        float[] weights = LogitAdjustment.trainedClassWeights(ModelFile.readInfo(model).provenance());
        if (weights == null) throw new IllegalArgumentException(model + " records no class weights (training_data.class_weights)");
        ModelFile.updateSpec(model, Path.of(args[2]), s -> s.toBuilder().logitOffsets(LogitAdjustment.offsets(weights, tau)).build());
        System.out.println(args[2] + ": " + ModelFile.readInfo(Path.of(args[2])).spec());
    }
}
