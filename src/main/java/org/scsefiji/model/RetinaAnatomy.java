package org.scsefiji.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Post-processing {@value #TYPE} for retinal OCT B-scans (X across, Y = depth, top = vitreous side):
 * in every A-scan (column) the classes come in anatomical order from top to bottom, {@code above}
 * (vitreous), the {@code layers} in their order (each may be missing, e.g. at the fovea), {@code
 * below} (choroid); {@code fluid} lies only inside the retina, below a layer and above a layer, and
 * after it the layers go on at the level they had. The repair (infer.AnatomyRepair) finds
 * per column the most probable labelling that obeys this order.
 *
 * <p>The two {@code warn_*} figures are the limits past which a segmented image is reported as unlike
 * the training data: the share of pixels the repair changes (above), and the mean confidence (highest
 * class probability per pixel; below). The share of columns that break the order at all is reported
 * but not used: on the Duke B-scans nearly every column does, because the scanner's white padding
 * rows at the bottom come out as vitreous.
 */
public final class RetinaAnatomy implements PostProcessing {
    public static final String TYPE = "retina_anatomy";
    /**
     * Default warning limits, between what the ReLayNet+scSE OCT model shows on Duke B-scans it did not
     * train on (subject 5, held out: repair changes 0.6-6.5 % of pixels, mean confidence 0.926-0.955)
     * and on real Spectralis .vol scans of other eyes (9.4-19 %, 0.86-0.92). Small samples (11 and 3
     * images): a guide, not a test.
     */
    public static final double DEFAULT_WARN_REPAIRED_PIXELS = 0.08;
    public static final double DEFAULT_WARN_CONFIDENCE = 0.90;

    private final int above;
    private final List<Integer> layers;
    private final int below;
    private final int fluid;
    private final double warnRepairedPixels;
    private final double warnConfidence;

    /**
     * @param fluid the fluid class, or -1 when the model has none
     * @throws IllegalArgumentException for repeated classes, no layers, or limits outside 0..1
     */
    public RetinaAnatomy(int above, List<Integer> layers, int below, int fluid, double warnRepairedPixels, double warnConfidence) {
        this.above = above;
        this.layers = List.copyOf(layers);
        this.below = below;
        this.fluid = fluid;
        this.warnRepairedPixels = warnRepairedPixels;
        this.warnConfidence = warnConfidence;
        if (this.layers.isEmpty()) throw new IllegalArgumentException(TYPE + ": 'layers' must name at least one class");
        Set<Integer> seen = new HashSet<>();
        for (int c : allClasses()) {
            if (c < 0) throw new IllegalArgumentException(TYPE + ": class ids must be >= 0, got " + c);
            if (!seen.add(c)) throw new IllegalArgumentException(TYPE + ": class " + c + " is named twice");
        }
        if (!(warnRepairedPixels >= 0 && warnRepairedPixels <= 1) || !(warnConfidence >= 0 && warnConfidence <= 1)) {
            throw new IllegalArgumentException(TYPE + ": warn_repaired_pixels and warn_confidence must lie in 0..1");
        }
    }

    /** The ReLayNet convention of the Duke data: 0 vitreous, 1-7 NFL..OS+RPE, 8 choroid, 9 fluid. */
    public static RetinaAnatomy relayNet() {
        return new RetinaAnatomy(0, List.of(1, 2, 3, 4, 5, 6, 7), 8, 9, DEFAULT_WARN_REPAIRED_PIXELS, DEFAULT_WARN_CONFIDENCE);
    }

    public int above() {
        return above;
    }

    /** Top to bottom. */
    public List<Integer> layers() {
        return layers;
    }

    public int below() {
        return below;
    }

    /** -1 when there is no fluid class. */
    public int fluid() {
        return fluid;
    }

    public boolean hasFluid() {
        return fluid >= 0;
    }

    public double warnRepairedPixels() {
        return warnRepairedPixels;
    }

    public double warnConfidence() {
        return warnConfidence;
    }

    private List<Integer> allClasses() {
        List<Integer> all = new ArrayList<>();
        all.add(above);
        all.addAll(layers);
        all.add(below);
        if (fluid >= 0) all.add(fluid);
        return all;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(List<ClassInfo> classes) {
        List<Integer> all = allClasses();
        if (all.size() != classes.size()) {
            throw new IllegalArgumentException(TYPE + " names " + all.size() + " classes (above, layers, below"
                    + (hasFluid() ? ", fluid" : "") + "), the network has " + classes.size() + "; every class must have its place");
        }
        for (int c : all) {
            if (c >= classes.size()) throw new IllegalArgumentException(TYPE + ": class " + c + " is not one of the network's " + classes.size());
        }
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", TYPE);
        o.addProperty("above", above);
        JsonArray l = new JsonArray();
        layers.forEach(l::add);
        o.add("layers", l);
        o.addProperty("below", below);
        if (hasFluid()) o.addProperty("fluid", fluid);
        o.addProperty("warn_repaired_pixels", warnRepairedPixels);
        o.addProperty("warn_confidence", warnConfidence);
        return o;
    }

    static RetinaAnatomy fromJson(JsonObject o) {
        List<Integer> layers = new ArrayList<>();
        JsonElement l = o.get("layers");
        if (l == null || !l.isJsonArray()) throw new IllegalArgumentException(TYPE + ": the field 'layers' must be a list of class ids");
        for (JsonElement e : l.getAsJsonArray()) layers.add(wholeNumber(e, "layers"));
        return new RetinaAnatomy(required(o, "above"), layers, required(o, "below"),
                o.has("fluid") ? wholeNumber(o.get("fluid"), "fluid") : -1,
                o.has("warn_repaired_pixels") ? o.get("warn_repaired_pixels").getAsDouble() : DEFAULT_WARN_REPAIRED_PIXELS,
                o.has("warn_confidence") ? o.get("warn_confidence").getAsDouble() : DEFAULT_WARN_CONFIDENCE);
    }

    private static int required(JsonObject o, String key) {
        if (!o.has(key)) throw new IllegalArgumentException(TYPE + ": the field '" + key + "' is missing");
        return wholeNumber(o.get(key), key);
    }

    private static int wholeNumber(JsonElement e, String key) {
        double v;
        try {
            v = e.getAsDouble();
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(TYPE + ": the field '" + key + "' must hold whole numbers, got " + e);
        }
        if (v != Math.rint(v)) throw new IllegalArgumentException(TYPE + ": the field '" + key + "' must hold whole numbers, got " + v);
        return (int) v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RetinaAnatomy)) return false;
        RetinaAnatomy r = (RetinaAnatomy) o;
        return above == r.above && layers.equals(r.layers) && below == r.below && fluid == r.fluid
                && warnRepairedPixels == r.warnRepairedPixels && warnConfidence == r.warnConfidence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(above, layers, below, fluid, warnRepairedPixels, warnConfidence);
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
