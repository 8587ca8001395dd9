package org.scsefiji.train.data;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import org.scsefiji.io.ImageReader;
import org.scsefiji.train.loss.PixelWeightMap;

/**
 * Keeps recently used images ready for sampling, normalised, within a byte budget; the least recently
 * used image leaves first. Data sets larger than the budget are streamed from disk: the sampler orders
 * each epoch in blocks of images that fit (see {@link PatchSampler}). One image larger than the whole
 * budget is still held, alone. Not thread-safe: the trainer samples on one thread.
 */
public final class SliceCache {
    private final List<ImageEntry> entries;
    private final ImageReader reader;
    private final long budget;
    private final PixelWeightMap weightMap;
    private final LabelMode labelMode;
    private final LinkedHashMap<Integer, Loaded> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long used;
    private long loads;

    /**
     * @param labelMode what the numbers of the label images mean, as in {@link DataCheck}
     * @param weightMap pixel weights computed per whole slice, or null for none (all 1)
     */
    public SliceCache(List<ImageEntry> entries, ImageReader reader, long budgetBytes, LabelMode labelMode,
            PixelWeightMap weightMap) {
        if (weightMap != null && weightMap.readsObjectIds() && !labelMode.objectIds()) {
            throw new IllegalArgumentException("weight_map contacts and objects weigh pixels by the objects they belong to:"
                    + " they need instance_labels (label images of object ids)");
        }
        this.entries = entries;
        this.reader = reader;
        this.budget = budgetBytes;
        this.weightMap = weightMap;
        this.labelMode = labelMode;
    }

    /** The image at {@code index} of the entry list, read from disk if it is not held. */
    public Loaded get(int index) throws IOException {
        Loaded l = cache.get(index);
        if (l != null) return l;
        l = load(entries.get(index));
        loads++;
        while (!cache.isEmpty() && used + l.bytes > budget) {
            Integer eldest = cache.keySet().iterator().next();
            used -= cache.remove(eldest).bytes;
        }
        cache.put(index, l);
        used += l.bytes;
        return l;
    }

    public long budgetBytes() {
        return budget;
    }

    public boolean hasWeightMap() {
        return weightMap != null;
    }

    /** Images read from disk so far (a measure of streaming). */
    public long loads() {
        return loads;
    }

    private Loaded load(ImageEntry e) throws IOException {
        RandomAccessibleInterval<? extends RealType<?>> image = reader.read(e.pair().image());
        RandomAccessibleInterval<? extends RealType<?>> labels = reader.read(e.pair().labels());
        int[] expected = {e.width(), e.height(), e.slices()};
        if (!Arrays.equals(ImageSlices.size(image), expected) || !Arrays.equals(ImageSlices.size(labels), expected)) {
            throw new TrainingDataException(e.pair().image() + ": the image or its labels changed size since training started");
        }
        ImageSlices.LabelSlices slices;
        boolean objectIds = weightMap != null && weightMap.readsObjectIds();
        try {
            slices = ImageSlices.labels(labels, ImageSlices.MAX_CLASS_ID, labelMode, objectIds);
        } catch (IllegalArgumentException ex) {
            throw new TrainingDataException(e.pair().labels() + ": changed since training started and now " + ex.getMessage());
        }
        byte[][] ids = slices.slices;
        float[][] weights = null;
        if (weightMap != null) {
            weights = new float[ids.length][];
            int[] classIds = objectIds ? null : new int[e.width() * e.height()]; // reused slice after slice
            for (int s = 0; s < ids.length; s++) {
                int[] plane = objectIds ? slices.objectIds[s] : classIds;
                if (!objectIds) for (int i = 0; i < plane.length; i++) plane[i] = ids[s][i] & 0xff;
                weights[s] = weightMap.compute(plane, e.width(), e.height());
            }
        }
        return new Loaded(e, ImageSlices.normalized(image, e), ids, weights);
    }

    /** One image in memory: normalised pixels, class ids and (optional) pixel weights per slice, x fastest. */
    public static final class Loaded {
        final ImageEntry entry;
        final float[][] pixels;
        final byte[][] labels;
        final float[][] weights;
        final long bytes;

        Loaded(ImageEntry entry, float[][] pixels, byte[][] labels, float[][] weights) {
            this.entry = entry;
            this.pixels = pixels;
            this.labels = labels;
            this.weights = weights;
            this.bytes = entry.cacheBytes(weights != null);
        }
    }
}
