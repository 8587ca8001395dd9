package org.scsefiji.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * What a model's semantic output becomes after the network, declared by the model (the spec's JSON
 * field {@code postprocessing}, an object with a {@code type} and that type's parameters). Absent means
 * {@link #NONE}: the label image is the result. Each type is one class; {@link #fromJson} dispatches on
 * the type word, and a type this version does not know is kept as it was read (saved back unchanged,
 * refused only when run), so that an older plugin still loads newer models.
 */
public interface PostProcessing {
    /** The JSON field of the spec. */
    String FIELD = "postprocessing";

    /** No post-processing (the field is absent from the spec). */
    PostProcessing NONE = new PostProcessing() {
        @Override
        public String type() {
            return "none";
        }

        @Override
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("type", type());
            return o;
        }

        @Override
        public String toString() {
            return "none";
        }
    };

    /** The type word of the JSON object. */
    String type();

    /** The JSON object, {@code type} included. */
    JsonObject toJson();

    /**
     * Checks the parameters against the model's classes.
     *
     * @throws IllegalArgumentException naming the field that does not fit
     */
    default void check(List<ClassInfo> classes) {
    }

    /**
     * Parses the spec's {@code postprocessing} field (null or JSON null = {@link #NONE}).
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    static PostProcessing fromJson(JsonElement e) {
        if (e == null || e.isJsonNull()) return NONE;
        if (!e.isJsonObject()) throw new IllegalArgumentException("the field '" + FIELD + "' must be an object with a 'type'");
        JsonObject o = e.getAsJsonObject();
        JsonElement type = o.get("type");
        if (type == null || !type.isJsonPrimitive()) throw new IllegalArgumentException("the field '" + FIELD + ".type' is missing");
        switch (type.getAsString()) {
            case "none":
                return NONE;
            case InstancePostProcessing.TYPE:
                return InstancePostProcessing.fromJson(o);
            case RetinaAnatomy.TYPE:
                return RetinaAnatomy.fromJson(o);
            default:
                return new UnknownPostProcessing(o);
        }
    }

    /** A type this version does not know: kept verbatim so that saving a model does not lose it. */
    final class UnknownPostProcessing implements PostProcessing {
        private final JsonObject json;

        UnknownPostProcessing(JsonObject json) {
            this.json = json.deepCopy();
        }

        @Override
        public String type() {
            return json.get("type").getAsString();
        }

        @Override
        public JsonObject toJson() {
            return json.deepCopy();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnknownPostProcessing && ((UnknownPostProcessing) o).json.equals(json);
        }

        @Override
        public int hashCode() {
            return json.hashCode();
        }

        @Override
        public String toString() {
            return type() + " (unknown to this version)";
        }
    }
}
