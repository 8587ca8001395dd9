package org.scsefiji.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import org.scsefiji.model.Provenance;

/**
 * The logit offsets ({@link org.scsefiji.model.NetworkSpec#logitOffsets()}) that undo part of what class weights
 * do to a network's decisions. A cross-entropy weighted by w_c is minimised by posteriors proportional to
 * w_c p(c | x), so a rare class with a large weight is over-called: for the nuclei model (weights 0.15, 1, 7.4 for
 * background, nucleus, outline) outlines came out three times too thick and nuclei too fat. Adding
 * -tau ln w_c to the logits divides the posteriors by w_c^tau: tau = 1 undoes the weighting fully, 0 not at all.
 * The Dice term of the loss pulls the other way, so the best tau is measured, not derived (models/nuclei.md).
 */
public final class LogitAdjustment {
    private LogitAdjustment() {
    }

    /** -tau ln w_c for each class; empty when tau is 0 or all weights are equal (nothing to undo). */
    public static List<Double> offsets(float[] classWeights, double tau) {
        if (!(tau >= 0 && tau <= 1)) throw new IllegalArgumentException("logit_adjustment must lie in [0, 1], got " + tau);
        List<Double> out = new ArrayList<>();
        boolean equal = true;
        for (float w : classWeights) {
            if (!(w > 0) || !Float.isFinite(w)) throw new IllegalArgumentException("class weights must be positive, got " + w);
            equal &= w == classWeights[0];
            out.add(-tau * Math.log(w) + 0.0); // + 0.0: no "-0.0" for weight 1
        }
        return tau == 0 || equal ? List.of() : out;
    }

    /** The class weights a model was trained with, from its provenance (training_data.class_weights), or null. */
    public static float[] trainedClassWeights(Provenance provenance) {
        JsonElement weights = provenance.trainingData("class_weights");
        if (weights == null || !weights.isJsonArray()) return null;
        JsonArray a = weights.getAsJsonArray();
        float[] w = new float[a.size()];
        for (int i = 0; i < w.length; i++) w[i] = a.get(i).getAsFloat();
        return w;
    }
}
