package org.scsefiji.model;

import com.google.gson.JsonObject;

/**
 * A step a model declares to be applied to its network output (spec field {@code postprocessing}, an
 * object with a {@code type}; absent = none, so older model files load unchanged). Each type is its
 * own class; {@link #fromJson} knows them all.
 */
public interface Postprocessing {
    /** The {@code type} word in the model file. */
    String type();

    /** The whole object as written to the model file, {@code type} included. */
    JsonObject toJson();

    /** Checks that the step fits a network with these classes; says in words what does not (IllegalArgumentException). */
    void check(java.util.List<ClassInfo> classes);

    /** Parses by {@code type}; an unknown type or a bad field gives an IllegalArgumentException naming it. */
    static Postprocessing fromJson(JsonObject o) {
        if (!o.has("type") || !o.get("type").isJsonPrimitive()) throw new IllegalArgumentException("the field 'postprocessing.type' is missing");
        String type = o.get("type").getAsString();
        switch (type) {
            case RetinaAnatomy.TYPE:
                return RetinaAnatomy.fromJson(o);
            default:
                throw new IllegalArgumentException("unknown postprocessing type '" + type + "' (known: " + RetinaAnatomy.TYPE
                        + "); this model may need a newer scSE-Fiji");
        }
    }
}
