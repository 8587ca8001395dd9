package org.scsefiji.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * Where a model came from: training data, recipe (the command that reproduces it), metrics, parent
 * model, software version. Free-form JSON with a few well-known keys, kept verbatim in the model file.
 */
public final class Provenance {
    public static final String SOFTWARE_VERSION = "software_version";
    public static final String CREATED = "created";
    public static final String TRAINING_DATA = "training_data";
    public static final String RECIPE = "recipe";
    public static final String METRICS = "metrics";
    public static final String PARENT = "parent";
    /** In the {@link #TRAINING_DATA} record: the names of the image pairs held out for validation. */
    public static final String VALIDATION_IMAGES = "validation_images";

    private final JsonObject json;

    public Provenance() {
        this(new JsonObject());
    }

    public Provenance(JsonObject json) {
        this.json = json.deepCopy();
    }

    /** A copy with {@code key} set to a string value. */
    public Provenance with(String key, String value) {
        JsonObject copy = json.deepCopy();
        copy.addProperty(key, value);
        return new Provenance(copy);
    }

    /** A copy with {@code key} set to any JSON value. */
    public Provenance with(String key, JsonElement value) {
        JsonObject copy = json.deepCopy();
        copy.add(key, value.deepCopy());
        return new Provenance(copy);
    }

    /** A copy whose "metrics" object holds these numbers (merged with existing ones). */
    public Provenance withMetrics(Map<String, ? extends Number> metrics) {
        JsonObject m = json.has(METRICS) && json.get(METRICS).isJsonObject() ? json.getAsJsonObject(METRICS).deepCopy() : new JsonObject();
        metrics.forEach((k, v) -> m.add(k, new JsonPrimitive(v)));
        return with(METRICS, m);
    }

    /** The string value of {@code key}, or null. */
    public String get(String key) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    /** A value of the {@link #TRAINING_DATA} record (a copy), or null when there is none. */
    public JsonElement trainingData(String key) {
        JsonElement data = json.get(TRAINING_DATA);
        JsonElement value = data != null && data.isJsonObject() ? data.getAsJsonObject().get(key) : null;
        return value == null ? null : value.deepCopy();
    }

    public JsonObject toJson() {
        return json.deepCopy();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
