package org.scsefiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.util.List;
import org.scsefiji.eval.ConfusionMatrix;
import org.scsefiji.eval.SegmentationMetrics;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.LogitOffsets;
import org.scsefiji.task.CancelToken;
import org.scsefiji.train.data.Patch;
import org.scsefiji.train.data.PatchBatch;
import org.scsefiji.train.data.SliceCache;

/**
 * Runs the network in inference mode (BatchNorm running statistics, no flips) over the validation
 * tiles: the batch losses averaged with the batches' labelled pixels as weights, and a confusion matrix over every labelled validation pixel, counted once.
 */
final class Validation {
    final double loss;
    final SegmentationMetrics metrics;

    private Validation(double loss, SegmentationMetrics metrics) {
        this.loss = loss;
        this.metrics = metrics;
    }

    /** @param spec gives the classes, and the logit offsets that inference adds before its arg-max (so the Dice is the user's) */
    static Validation run(Trainer trainer, List<Patch> tiles, SliceCache cache, int width, int height, int batchSize,
            NetworkSpec spec, CancelToken cancel) throws IOException {
        List<ClassInfo> classes = spec.classes();
        float[] offsets = spec.logitOffsetFloats();
        ConfusionMatrix matrix = new ConfusionMatrix(classes.size());
        double lossSum = 0;
        long labelled = 0;
        for (int from = 0; from < tiles.size(); from += batchSize) {
            cancel.check();
            List<Patch> part = tiles.subList(from, Math.min(tiles.size(), from + batchSize));
            PatchBatch batch = PatchBatch.of(part, width, height, cache);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDList predictions = trainer.evaluate(batch.input(m));
                float l = trainer.getLoss().evaluate(batch.targets(m), predictions).getFloat();
                NDArray logits = predictions.head();
                logits = LogitOffsets.add(logits, offsets);
                int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                int[] truth = batch.labels();
                matrix.add(truth, predicted);
                long n = 0;
                for (int t : truth) {
                    if (t != ClassInfo.IGNORE_LABEL) n++;
                }
                lossSum += (double) l * n;
                labelled += n;
            }
        }
        return new Validation(labelled == 0 ? Double.NaN : lossSum / labelled, new SegmentationMetrics(matrix, classes));
    }

    double[] dice() {
        double[] d = new double[metrics.matrix().classCount()];
        for (int c = 0; c < d.length; c++) d[c] = metrics.dice(c);
        return d;
    }
}
