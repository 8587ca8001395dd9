package org.scsefiji.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * What one epoch achieved: mean training loss, validation loss, per-class validation Dice (NaN for a
 * class in neither truth nor prediction) and their mean over non-background classes. Epoch 0 is the
 * network before any training (the untrained start, or the parent model when fine-tuning).
 */
public final class EpochMetrics {
    private final int epoch;
    private final double trainingLoss;
    private final double validationLoss;
    private final double[] dice;
    private final double meanDice;
    private final double learningRate;
    private final double seconds;

    public EpochMetrics(int epoch, double trainingLoss, double validationLoss, double[] dice, double meanDice,
            double learningRate, double seconds) {
        this.epoch = epoch;
        this.trainingLoss = trainingLoss;
        this.validationLoss = validationLoss;
        this.dice = dice == null ? new double[0] : dice.clone();
        this.meanDice = meanDice;
        this.learningRate = learningRate;
        this.seconds = seconds;
    }

    /** 1-based; 0 = before training. */
    public int epoch() {
        return epoch;
    }

    /** Mean loss over the epoch's steps; NaN for epoch 0. */
    public double trainingLoss() {
        return trainingLoss;
    }

    /** NaN without validation data. */
    public double validationLoss() {
        return validationLoss;
    }

    /** Per-class validation Dice (empty without validation data). */
    public double[] dice() {
        return dice.clone();
    }

    /** Mean validation Dice over non-background classes; NaN without validation data. */
    public double meanForegroundDice() {
        return meanDice;
    }

    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }

    public double learningRate() {
        return learningRate;
    }

    /** Wall time of the epoch (training and validation). */
    public double seconds() {
        return seconds;
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("epoch", epoch);
        put(o, "training_loss", trainingLoss);
        put(o, "validation_loss", validationLoss);
        put(o, "validation_mean_foreground_dice", meanDice);
        if (dice.length > 0) {
            JsonArray a = new JsonArray();
            for (double d : dice) a.add(Double.isFinite(d) ? new JsonPrimitive(d) : null);
            o.add("validation_dice", a);
        }
        put(o, "learning_rate", learningRate);
        put(o, "seconds", seconds);
        return o;
    }

    static EpochMetrics fromJson(JsonObject o) {
        double[] dice = new double[0];
        if (o.has("validation_dice") && o.get("validation_dice").isJsonArray()) {
            JsonArray a = o.getAsJsonArray("validation_dice");
            dice = new double[a.size()];
            for (int i = 0; i < dice.length; i++) dice[i] = a.get(i).isJsonNull() ? Double.NaN : a.get(i).getAsDouble();
        }
        return new EpochMetrics(o.get("epoch").getAsInt(), get(o, "training_loss"), get(o, "validation_loss"), dice,
                get(o, "validation_mean_foreground_dice"), get(o, "learning_rate"), get(o, "seconds"));
    }

    /** Model files store JSON, which has no NaN: a missing value stands for it. */
    private static void put(JsonObject o, String key, double v) {
        if (Double.isFinite(v)) o.addProperty(key, v);
    }

    private static double get(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "epoch %d: training loss %.4f, validation loss %.4f, mean Dice %.4f",
                epoch, trainingLoss, validationLoss, meanDice);
    }
}
