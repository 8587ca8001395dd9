package org.scsefiji.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One object per instance from an object class and an outline class (a model trained with
 * {@code --instance-labels --object-outlines}): seeds are the 4-connected regions where p(object) is at
 * least {@code seed_threshold} and that have at least {@code min_seed_area} pixels; they grow by seeded
 * watershed over the foreground (p(object) + p(outline) at least {@code foreground_threshold}), lowest
 * 1 - p(object) first; holes are filled; objects under {@code min_area} pixels are removed. With
 * {@code seed_split_height} h &gt; 0 (pixels), a seed region splits at its necks: one seed per maximum of the
 * distance to the region's edge that lies at least h above the neck joining it to a higher maximum (touching
 * objects whose interiors stay connected); 0, the default and the value of files without the field, never
 * splits. The algorithm
 * is {@code org.scsefiji.instances.InstanceDecoder}; the defaults were tuned on held-out nuclei images
 * (see models/nuclei.md).
 *
 * <p>{@code object_diameter} (pixels, optional): the typical object diameter of the training images. The
 * network only knows objects of about that size (the nuclei model splits nuclei twice as large into fragments),
 * so with it a user can give the diameter of the objects in their image and the image is rescaled to it
 * ({@code SegmentationPipeline#objectDiameter}); the pixel parameters above are in the network's pixels and
 * scale with it ({@link #atZoom}).
 */
public final class InstancePostProcessing implements PostProcessing {
    public static final String TYPE = "instances";
    /** The key of train.data.LabelMode.OBJECTS_AND_OUTLINES (the model package does not depend on training). */
    static final String TRAINED_LABEL_MODE = "objects_and_outlines";
    /** The key of train.data.LabelMode.OBJECTS_OUTLINES_AND_CORES. */
    static final String TRAINED_CORES_LABEL_MODE = "objects_outlines_and_cores";
    /** {@link #coreClass()} of a model without a core class. */
    public static final int NO_CORE_CLASS = -1;
    /** The key of train.data.LabelMode.PROVENANCE_KEY in the provenance's training data record. */
    static final String TRAINED_LABEL_MODE_KEY = "label_mode";

    private final int objectClass;
    private final int outlineClass;
    private final double foregroundThreshold;
    private final double seedThreshold;
    private final int minSeedArea;
    private final int minArea;
    private final double seedSplitHeight;
    private final double objectDiameter;
    private final int coreClass;

    /** Seeds are not split (seed_split_height 0). */
    public InstancePostProcessing(int objectClass, int outlineClass, double foregroundThreshold, double seedThreshold, int minSeedArea,
            int minArea) {
        this(objectClass, outlineClass, foregroundThreshold, seedThreshold, minSeedArea, minArea, 0);
    }

    public InstancePostProcessing(int objectClass, int outlineClass, double foregroundThreshold, double seedThreshold, int minSeedArea,
            int minArea, double seedSplitHeight) {
        this(objectClass, outlineClass, foregroundThreshold, seedThreshold, minSeedArea, minArea, seedSplitHeight, 0);
    }

    /** @param objectDiameter the training objects' typical diameter in pixels; 0 = not known */
    public InstancePostProcessing(int objectClass, int outlineClass, double foregroundThreshold, double seedThreshold, int minSeedArea,
            int minArea, double seedSplitHeight, double objectDiameter) {
        this(objectClass, outlineClass, foregroundThreshold, seedThreshold, minSeedArea, minArea, seedSplitHeight, objectDiameter, NO_CORE_CLASS);
    }

    /** @param coreClass the class of the objects' cores, which then seed the objects; {@link #NO_CORE_CLASS} = none */
    private InstancePostProcessing(int objectClass, int outlineClass, double foregroundThreshold, double seedThreshold, int minSeedArea,
            int minArea, double seedSplitHeight, double objectDiameter, int coreClass) {
        if (objectClass < 0 || outlineClass < 0) throw new IllegalArgumentException("object_class and outline_class must be class indices (>= 0)");
        if (objectClass == outlineClass) throw new IllegalArgumentException("object_class and outline_class must differ, both are " + objectClass);
        if (coreClass < NO_CORE_CLASS) throw new IllegalArgumentException("core_class must be a class index (>= 0), got " + coreClass);
        if (coreClass == objectClass || coreClass == outlineClass) {
            throw new IllegalArgumentException("core_class must differ from object_class and outline_class, got " + coreClass);
        }
        if (!(foregroundThreshold > 0 && foregroundThreshold <= 1)) {
            throw new IllegalArgumentException("foreground_threshold must be in (0, 1], got " + foregroundThreshold);
        }
        if (!(seedThreshold > 0 && seedThreshold <= 1)) throw new IllegalArgumentException("seed_threshold must be in (0, 1], got " + seedThreshold);
        if (minSeedArea < 1) throw new IllegalArgumentException("min_seed_area must be >= 1, got " + minSeedArea);
        if (minArea < 1) throw new IllegalArgumentException("min_area must be >= 1, got " + minArea);
        if (!(seedSplitHeight >= 0 && seedSplitHeight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("seed_split_height must be >= 0 (0: seeds are not split), got " + seedSplitHeight);
        }
        if (!(objectDiameter >= 0 && objectDiameter < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("object_diameter must be >= 0 pixels (0: not known), got " + objectDiameter);
        }
        this.objectClass = objectClass;
        this.outlineClass = outlineClass;
        this.foregroundThreshold = foregroundThreshold;
        this.seedThreshold = seedThreshold;
        this.minSeedArea = minSeedArea;
        this.minArea = minArea;
        this.seedSplitHeight = seedSplitHeight;
        this.objectDiameter = objectDiameter;
        this.coreClass = coreClass;
    }

    /**
     * The defaults for classes background = 0, object = 1, outline = 2: foreground 0.6, seeds 0.9 and 10
     * pixels, objects 40 pixels. Rule: the combination with the highest Data Science Bowl score (mean over
     * images) on the 32 held-out validation images of the shipped nuclei model, from the grid foreground
     * {0.4, 0.5, 0.6} x seed {0.5, ..., 0.9} x min_seed_area {1, 4, 10, 20} x min_area {5, 10, 20, 40}
     * ({@code bench.InstanceTuning}); its F1 at IoU 0.5 there is 0.808 (0.737 with 0.5, 0.5, 4, 10).
     */
    public static InstancePostProcessing defaults() {
        return new InstancePostProcessing(1, 2, 0.6, 0.9, 10, 40);
    }

    /**
     * The defaults for a model whose logits get offsets (train's logit_adjustment 0.5, the default): the shipped
     * nuclei model's parameters since session 6, tuned with its offsets on 26 of its validation images (best
     * object F1 of {@code bench.InstanceTuning}'s grid): foreground 0.7, seeds 0.7 and 20 pixels split at necks
     * of 1 pixel, objects 40 pixels (models/nuclei.md). The offsets make p(nucleus) larger, so the thresholds
     * of {@link #defaults()}, chosen without them, would merge more nuclei.
     */
    public static InstancePostProcessing forAdjustedLogits() {
        return new InstancePostProcessing(1, 2, 0.7, 0.7, 20, 40, 1.0);
    }

    /**
     * The post-processing of a model trained with label mode {@code labelMode} (its key, as the provenance's
     * {@code training_data.label_mode} holds it) into {@code classCount} classes: {@link #defaults()} for
     * object ids with outlines into background, object, outline; else {@link PostProcessing#NONE}. New models
     * get it at training; model files written before the spec had the field get it when read.
     */
    public static PostProcessing defaultFor(String labelMode, int classCount) {
        // class 3: train.data.LabelMode#coreClass (PostProcessingTest holds the two together)
        if (TRAINED_CORES_LABEL_MODE.equals(labelMode) && classCount == 4) return defaults().withCoreClass(3);
        return TRAINED_LABEL_MODE.equals(labelMode) && classCount == 3 ? defaults() : PostProcessing.NONE;
    }

    public int objectClass() {
        return objectClass;
    }

    public int outlineClass() {
        return outlineClass;
    }

    /**
     * The class of the objects' cores ({@code --object-cores}), or {@link #NO_CORE_CLASS}. With a core class the seeds
     * are where p(core) reaches {@link #seedThreshold()}, and p(object) + p(core) is the objects' inside wherever
     * p(object) is read otherwise (foreground, watershed).
     */
    public int coreClass() {
        return coreClass;
    }

    public boolean hasCoreClass() {
        return coreClass != NO_CORE_CLASS;
    }

    /** A pixel belongs to some object when p(object) + p(outline) reaches this. */
    public double foregroundThreshold() {
        return foregroundThreshold;
    }

    /** A pixel is a seed (an object's interior) when p(object), or p(core) with a core class, reaches this. */
    public double seedThreshold() {
        return seedThreshold;
    }

    /** Seed regions with fewer pixels are dropped (their pixels are flooded from neighbouring seeds). */
    public int minSeedArea() {
        return minSeedArea;
    }

    /** Objects with fewer pixels are removed (become background). */
    public int minArea() {
        return minArea;
    }

    /**
     * A seed region splits at a neck when the distance to its edge (pixels) at the maxima on both sides lies at
     * least this much above the distance at the neck; 0: seeds are not split.
     */
    public double seedSplitHeight() {
        return seedSplitHeight;
    }

    /** The typical object diameter of the training images, in pixels; 0 = not known. */
    public double objectDiameter() {
        return objectDiameter;
    }

    public InstancePostProcessing withThresholds(double foreground, double seed) {
        return new InstancePostProcessing(objectClass, outlineClass, foreground, seed, minSeedArea, minArea, seedSplitHeight, objectDiameter,
                coreClass);
    }

    public InstancePostProcessing withAreas(int minSeed, int min) {
        return new InstancePostProcessing(objectClass, outlineClass, foregroundThreshold, seedThreshold, minSeed, min, seedSplitHeight,
                objectDiameter, coreClass);
    }

    public InstancePostProcessing withSeedSplitHeight(double height) {
        return new InstancePostProcessing(objectClass, outlineClass, foregroundThreshold, seedThreshold, minSeedArea, minArea, height,
                objectDiameter, coreClass);
    }

    public InstancePostProcessing withObjectDiameter(double pixels) {
        return new InstancePostProcessing(objectClass, outlineClass, foregroundThreshold, seedThreshold, minSeedArea, minArea,
                seedSplitHeight, pixels, coreClass);
    }

    /** The same rule seeded by class {@code core} ({@link #coreClass()}); {@link #NO_CORE_CLASS}: by p(object). */
    public InstancePostProcessing withCoreClass(int core) {
        return new InstancePostProcessing(objectClass, outlineClass, foregroundThreshold, seedThreshold, minSeedArea, minArea,
                seedSplitHeight, objectDiameter, core);
    }

    /**
     * The same rule for probabilities resampled back from a network that saw the image zoomed by {@code zoom}
     * (network pixels per image pixel): areas divided by zoom^2, the split height and the diameter by zoom, so
     * that the rule removes and splits the same objects as at the network's scale. 1 = this rule.
     */
    public InstancePostProcessing atZoom(double zoom) {
        if (!(zoom > 0 && zoom < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("zoom must be > 0, got " + zoom);
        if (zoom == 1) return this;
        double area = 1 / (zoom * zoom);
        return new InstancePostProcessing(objectClass, outlineClass, foregroundThreshold, seedThreshold,
                (int) Math.max(1, Math.round(minSeedArea * area)), (int) Math.max(1, Math.round(minArea * area)), seedSplitHeight / zoom,
                objectDiameter / zoom, coreClass);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(List<ClassInfo> classes) {
        for (int c : new int[] {objectClass, outlineClass, coreClass}) {
            if (c >= classes.size()) {
                throw new IllegalArgumentException(FIELD + ": class " + c + " does not exist (the model has " + classes.size() + " classes)");
            }
        }
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", TYPE);
        o.addProperty("object_class", objectClass);
        o.addProperty("outline_class", outlineClass);
        o.addProperty("foreground_threshold", foregroundThreshold);
        o.addProperty("seed_threshold", seedThreshold);
        o.addProperty("min_seed_area", minSeedArea);
        o.addProperty("min_area", minArea);
        // absent means 0: specs that do not split are written as before the field existed
        if (seedSplitHeight > 0) o.addProperty("seed_split_height", seedSplitHeight);
        if (objectDiameter > 0) o.addProperty("object_diameter", objectDiameter);
        if (hasCoreClass()) o.addProperty("core_class", coreClass);
        return o;
    }

    /** Missing parameters take their {@link #defaults()}. */
    static InstancePostProcessing fromJson(JsonObject o) {
        InstancePostProcessing d = defaults();
        try {
            return new InstancePostProcessing(integer(o, "object_class", d.objectClass), integer(o, "outline_class", d.outlineClass),
                    number(o, "foreground_threshold", d.foregroundThreshold), number(o, "seed_threshold", d.seedThreshold),
                    integer(o, "min_seed_area", d.minSeedArea), integer(o, "min_area", d.minArea),
                    number(o, "seed_split_height", d.seedSplitHeight), number(o, "object_diameter", d.objectDiameter),
                    integer(o, "core_class", NO_CORE_CLASS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FIELD + ": " + e.getMessage(), e);
        }
    }

    private static double number(JsonObject o, String key, double fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        try {
            return e.getAsDouble();
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(key + " must be a number, got " + e);
        }
    }

    private static int integer(JsonObject o, String key, int fallback) {
        double v = number(o, key, fallback);
        if (v != Math.rint(v)) throw new IllegalArgumentException(key + " must be a whole number, got " + v);
        return (int) v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InstancePostProcessing)) return false;
        InstancePostProcessing p = (InstancePostProcessing) o;
        return objectClass == p.objectClass && outlineClass == p.outlineClass && foregroundThreshold == p.foregroundThreshold
                && seedThreshold == p.seedThreshold && minSeedArea == p.minSeedArea && minArea == p.minArea
                && seedSplitHeight == p.seedSplitHeight && objectDiameter == p.objectDiameter && coreClass == p.coreClass;
    }

    @Override
    public int hashCode() {
        return Objects.hash(objectClass, outlineClass, foregroundThreshold, seedThreshold, minSeedArea, minArea, seedSplitHeight,
                objectDiameter, coreClass);
    }

    @Override
    public String toString() {
        String split = seedSplitHeight > 0 ? String.format(Locale.ROOT, ", split at necks %s px deep", seedSplitHeight) : "";
        String size = objectDiameter > 0 ? String.format(Locale.ROOT, "; trained on objects about %s px across", objectDiameter) : "";
        String core = hasCoreClass() ? String.format(Locale.ROOT, ", core class %d", coreClass) : "";
        return String.format(Locale.ROOT, "instances (object class %d, outline class %d%s, foreground >= %s, seeds p >= %s and >= %d px%s, objects >= %d px%s)",
                objectClass, outlineClass, core, foregroundThreshold, seedThreshold, minSeedArea, split, minArea, size);
    }
}
