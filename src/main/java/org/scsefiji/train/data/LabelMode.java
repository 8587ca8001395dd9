package org.scsefiji.train.data;

import com.google.gson.JsonElement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.scsefiji.instances.DistanceTransform;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.model.Provenance;

/** What the numbers of a label image mean, and how object ids become classes. */
public enum LabelMode {
    /** Class ids 0..k-1; 255 marks pixels that are not annotated. */
    CLASSES,
    /** Object ids (0 = background): every object pixel is class 1. */
    OBJECTS,
    /**
     * Object ids: class 1 inside objects, class 2 on each object's outline (an object pixel with a 4-neighbour
     * of another id, background included), so that a network can keep touching objects apart.
     */
    OBJECTS_AND_OUTLINES,
    /**
     * As {@link #OBJECTS_AND_OUTLINES}, and class 3 for each object's core: its inner pixels (class 1) whose
     * distance to the nearest pixel that is not inner is at least half the largest such distance in that object.
     * Cores of touching objects lie apart even where no gap shows between them, so each can seed one object; the
     * rule is relative so that small and large objects alike get a core, a quarter of a round object's area.
     */
    OBJECTS_OUTLINES_AND_CORES;

    /** The provenance key of the training data record that holds {@link #key()}. */
    public static final String PROVENANCE_KEY = "label_mode";

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean objectIds() {
        return this != CLASSES;
    }

    /** The class of the objects' cores, or {@link InstancePostProcessing#NO_CORE_CLASS} for modes without cores. */
    public int coreClass() {
        return this == OBJECTS_OUTLINES_AND_CORES ? 3 : InstancePostProcessing.NO_CORE_CLASS;
    }

    /**
     * The post-processing a new model trained on such labels declares: one object per instance for object
     * ids with outlines into 3 classes (background, object, outline), seeded by the cores for 4 (core as well),
     * none otherwise.
     */
    public PostProcessing postProcessing(int classCount) {
        return InstancePostProcessing.defaultFor(key(), classCount);
    }

    /** The label mode a model was trained with (class ids for models that do not say). */
    public static LabelMode of(Provenance provenance) {
        JsonElement key = provenance.trainingData(PROVENANCE_KEY);
        for (LabelMode m : values()) {
            if (key != null && key.isJsonPrimitive() && m.key().equals(key.getAsString())) return m;
        }
        return CLASSES;
    }

    /**
     * The class ids of a label image of object ids, as training sees them, with the image's dimensions (min 0).
     *
     * @throws IllegalArgumentException for values that are not object ids, or classes beyond maxClass
     */
    public Img<UnsignedByteType> objectClasses(RandomAccessibleInterval<? extends RealType<?>> labels, int maxClass) {
        if (!objectIds()) throw new IllegalStateException(this + " labels hold class ids already");
        byte[][] slices = ImageSlices.labels(labels, maxClass, this).slices;
        int plane = slices.length == 0 ? 0 : slices[0].length;
        byte[] all = new byte[plane * slices.length];
        for (int s = 0; s < slices.length; s++) System.arraycopy(slices[s], 0, all, s * plane, plane);
        return ArrayImgs.unsignedBytes(all, labels.dimensionsAsLongArray());
    }

    /** The class of every pixel of one 2-D slice of object ids (x fastest), into {@code classes}. */
    void objectsToClasses(int[] ids, int width, int height, byte[] classes) {
        boolean outlines = this == OBJECTS_AND_OUTLINES || this == OBJECTS_OUTLINES_AND_CORES;
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int id = ids[i];
                boolean outline = outlines && id != 0
                        && ((x > 0 && ids[i - 1] != id) || (x < width - 1 && ids[i + 1] != id)
                        || (y > 0 && ids[i - width] != id) || (y < height - 1 && ids[i + width] != id));
                classes[i] = (byte) (id == 0 ? 0 : outline ? 2 : 1);
            }
        }
        if (this == OBJECTS_OUTLINES_AND_CORES) markCores(ids, width, height, classes, (byte) coreClass());
    }

    private static void markCores(int[] ids, int width, int height, byte[] classes, byte core) {
        int[] inner = new int[classes.length];
        for (int i = 0; i < inner.length; i++) inner[i] = classes[i];
        int[] distance = DistanceTransform.squaredDistances(inner, 1, width, height);
        Map<Integer, Integer> deepest = new HashMap<>();
        for (int i = 0; i < inner.length; i++) {
            if (inner[i] == 1) deepest.merge(ids[i], distance[i], Math::max);
        }
        for (int i = 0; i < inner.length; i++) {
            // d >= max / 2, in squared distances: 4 d^2 >= max^2
            if (inner[i] == 1 && 4L * distance[i] >= deepest.get(ids[i])) classes[i] = core;
        }
    }
}
