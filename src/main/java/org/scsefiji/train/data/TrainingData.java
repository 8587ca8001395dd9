package org.scsefiji.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scsefiji.io.ImageReader;
import org.scsefiji.model.Normalization;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.loss.MedianFrequencyWeights;

/**
 * Checked training and validation data, without pixels: pairs, sizes, per-slice normalisation,
 * the class count and the median-frequency class weights of the training labels. Made by
 * {@link #prepare}, which reads every pair once and fails, naming every bad file, before any training.
 */
public final class TrainingData {
    private final DataSource source;
    private final DataSplit split;
    private final List<ImageEntry> entries;
    private final int trainingCount;
    private final int classCount;
    private final float[] medianFrequencyWeights;
    private final double objectDiameter;

    private TrainingData(DataSource source, DataSplit split, List<ImageEntry> entries, int trainingCount, int classCount,
            float[] medianFrequencyWeights, double objectDiameter) {
        this.source = source;
        this.split = split;
        this.entries = entries;
        this.trainingCount = trainingCount;
        this.classCount = classCount;
        this.medianFrequencyWeights = medianFrequencyWeights;
        this.objectDiameter = objectDiameter;
    }

    /**
     * @param classCount the model's class count (labels beyond it are errors), or 0 = largest label id + 1
     * @param normalization how every image is scaled (its statistics are computed here, per 2-D slice)
     */
    public static TrainingData prepare(DataSource source, ImageReader reader, int classCount, Normalization normalization,
            ProgressListener progress, CancelToken cancel) throws TrainingDataException {
        DataSplit split = source.split();
        MedianFrequencyWeights frequencies = new MedianFrequencyWeights(ImageSlices.MAX_CLASS_ID + 1);
        List<String> problems = new ArrayList<>();
        DataCheck train = null;
        DataCheck val = null;
        try {
            train = DataCheck.run(split.training(), reader, classCount, source.labelMode(), normalization, frequencies,
                    progress, cancel);
        } catch (TrainingDataException e) {
            problems.addAll(e.problems());
        }
        if (split.hasValidation()) {
            try {
                val = DataCheck.run(split.validation(), reader, classCount, source.labelMode(), normalization, null,
                        progress, cancel);
            } catch (TrainingDataException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new TrainingDataException(problems);
        int maxClass = Math.max(train.maxClass(), val == null ? -1 : val.maxClass());
        int k = classCount > 0 ? classCount : maxClass + 1;
        if (k < 2) {
            throw new TrainingDataException(source.labels() + ": the label images contain only class 0; a segmentation"
                    + " needs at least two classes (0 = background, 1 = object, ...)");
        }
        List<ImageEntry> entries = new ArrayList<>(train.entries());
        if (val != null) entries.addAll(val.entries());
        float[] weights = Arrays.copyOf(frequencies.weights(), k);
        return new TrainingData(source, split, List.copyOf(entries), train.entries().size(), k, weights, train.objectDiameter());
    }

    public DataSource source() {
        return source;
    }

    public DataSplit split() {
        return split;
    }

    /** Training images first, then validation images. */
    public List<ImageEntry> entries() {
        return entries;
    }

    /** Indices into {@link #entries} of the training images. */
    public int[] trainingIndices() {
        int[] a = new int[trainingCount];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }

    /** Indices into {@link #entries} of the validation images. */
    public int[] validationIndices() {
        int[] a = new int[entries.size() - trainingCount];
        for (int i = 0; i < a.length; i++) a[i] = trainingCount + i;
        return a;
    }

    public boolean hasValidation() {
        return entries.size() > trainingCount;
    }

    public int classCount() {
        return classCount;
    }

    /** The training images' typical object diameter in pixels (labels of object ids; else 0): {@link DataCheck#objectDiameter}. */
    public double objectDiameter() {
        return objectDiameter;
    }

    /** Median frequency balancing over the training labels (0 for classes absent from them). */
    public float[] medianFrequencyWeights() {
        return medianFrequencyWeights.clone();
    }
}
