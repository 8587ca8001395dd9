package org.scsefiji.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SkipMode;

/** Reads and writes a {@link NetworkSpec} as readable snake_case JSON. */
public final class SpecJson {
    private SpecJson() {
    }

    public static JsonObject toJson(NetworkSpec s) {
        JsonObject o = new JsonObject();
        o.addProperty("architecture", s.architecture().key());
        o.addProperty("se_block", s.seBlock().key());
        o.addProperty("aggregation", s.aggregation().key());
        JsonArray pos = new JsonArray();
        s.positions().forEach(p -> pos.add(p.key()));
        o.add("positions", pos);
        o.addProperty("reduction", s.reduction());
        o.addProperty("skip", s.skip().key());
        o.addProperty("features", s.features());
        o.addProperty("input_channels", s.inputChannels());
        JsonArray classes = new JsonArray();
        for (ClassInfo c : s.classes()) {
            JsonObject co = new JsonObject();
            co.addProperty("index", c.index());
            co.addProperty("name", c.name());
            co.addProperty("color", c.color());
            co.addProperty("background", c.background());
            classes.add(co);
        }
        o.add("classes", classes);
        JsonObject norm = new JsonObject();
        norm.addProperty("mode", s.normalization().mode().key());
        norm.addProperty("low", s.normalization().low());
        norm.addProperty("high", s.normalization().high());
        o.add("normalization", norm);
        if (s.pixelSize() != null) {
            o.addProperty("pixel_width", s.pixelSize().width());
            o.addProperty("pixel_depth", s.pixelSize().depth());
        }
        if (s.postProcessing() != PostProcessing.NONE) o.add(PostProcessing.FIELD, s.postProcessing().toJson());
        if (!s.logitOffsets().isEmpty()) {
            JsonArray offsets = new JsonArray();
            s.logitOffsets().forEach(offsets::add);
            o.add("logit_offsets", offsets);
        }
        return o;
    }

    /** Parses a spec; a missing or wrong field gives an IllegalArgumentException naming it. */
    public static NetworkSpec fromJson(JsonObject o) {
        NetworkSpec.Builder b = NetworkSpec.builder()
                .architecture(Architecture.parse(string(o, "architecture")))
                .seBlock(SeBlockType.parse(string(o, "se_block")))
                .aggregation(Aggregation.parse(string(o, "aggregation")))
                .reduction(integer(o, "reduction"))
                .skip(SkipMode.parse(string(o, "skip")))
                .features(integer(o, "features"))
                .inputChannels(integer(o, "input_channels"));
        List<Placement> positions = new ArrayList<>();
        for (JsonElement e : array(o, "positions")) positions.add(Placement.parse(e.getAsString()));
        b.positions(positions);
        List<ClassInfo> classes = new ArrayList<>();
        for (JsonElement e : array(o, "classes")) {
            if (!e.isJsonObject()) throw new IllegalArgumentException("every entry of 'classes' must be an object");
            JsonObject c = e.getAsJsonObject();
            classes.add(new ClassInfo(integer(c, "index"), string(c, "name"), string(c, "color"),
                    c.has("background") && c.get("background").getAsBoolean()));
        }
        b.classes(classes);
        JsonObject n = object(o, "normalization");
        Normalization.Mode mode;
        try {
            mode = Normalization.Mode.valueOf(string(n, "mode").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown normalization mode '" + string(n, "mode") + "'");
        }
        b.normalization(new Normalization(mode, number(n, "low"), number(n, "high")));
        // optional fields: absent in older model files
        if (o.has("pixel_width") || o.has("pixel_depth")) {
            b.pixelSize(new PixelSize(number(o, "pixel_width"), number(o, "pixel_depth")));
        }
        b.postProcessing(PostProcessing.fromJson(o.get(PostProcessing.FIELD))); // absent in older model files: none
        if (o.has("logit_offsets")) {
            List<Double> offsets = new ArrayList<>();
            for (JsonElement e : array(o, "logit_offsets")) {
                try {
                    offsets.add(e.getAsDouble());
                } catch (RuntimeException ex) {
                    throw new IllegalArgumentException("the field 'logit_offsets' must be a list of numbers, got " + e);
                }
            }
            b.logitOffsets(offsets);
        }
        return b.build();
    }

    private static JsonElement field(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw new IllegalArgumentException("the field '" + key + "' is missing");
        return e;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonPrimitive()) throw new IllegalArgumentException("the field '" + key + "' must be text");
        return e.getAsString();
    }

    private static int integer(JsonObject o, String key) {
        double v = number(o, key);
        if (v != Math.rint(v)) throw new IllegalArgumentException("the field '" + key + "' must be a whole number, got " + v);
        return (int) v;
    }

    private static double number(JsonObject o, String key) {
        JsonElement e = field(o, key);
        try {
            return e.getAsDouble();
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("the field '" + key + "' must be a number, got " + e);
        }
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonArray()) throw new IllegalArgumentException("the field '" + key + "' must be a list");
        return e.getAsJsonArray();
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonObject()) throw new IllegalArgumentException("the field '" + key + "' must be an object");
        return e.getAsJsonObject();
    }
}
