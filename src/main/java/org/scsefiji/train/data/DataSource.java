package org.scsefiji.train.data;

import java.nio.file.Path;
import java.util.List;

/** Where training and validation pairs come from and how they are split (see {@link DataSplit}). */
public final class DataSource {
    private final Path images;
    private final Path labels;
    private final Path validationImages;
    private final Path validationLabels;
    private final List<String> validationGroups;
    private final double validationFraction;
    private final long seed;
    private final LabelMode labelMode;

    /**
     * @param labels label folder, or null / the images folder for X.tif + X_labels.tif side by side
     * @param validationImages a separate validation folder, or null to split the training pairs
     * @param validationGroups name prefixes of the validation pairs (used when there is no validation folder)
     * @param validationFraction fraction of files that validate when neither folder nor groups are given; 0 = none
     * @param labelMode what the numbers of the label images mean
     */
    public DataSource(Path images, Path labels, Path validationImages, Path validationLabels, List<String> validationGroups,
            double validationFraction, long seed, LabelMode labelMode) {
        this.images = images;
        this.labels = labels;
        this.validationImages = validationImages;
        this.validationLabels = validationLabels;
        this.validationGroups = List.copyOf(validationGroups);
        this.validationFraction = validationFraction;
        this.seed = seed;
        this.labelMode = labelMode;
    }

    /** Finds the pairs and splits them; reads no pixels. */
    public DataSplit split() throws TrainingDataException {
        List<ImagePair> pairs = PairFinder.find(images, labels);
        if (validationImages != null) {
            return DataSplit.separate(pairs, PairFinder.find(validationImages, validationLabels));
        }
        if (!validationGroups.isEmpty()) return DataSplit.byGroup(pairs, validationGroups);
        if (validationFraction > 0) return DataSplit.byFraction(pairs, validationFraction, seed);
        return DataSplit.none(pairs);
    }

    public Path images() {
        return images;
    }

    public Path labels() {
        return labels;
    }

    public LabelMode labelMode() {
        return labelMode;
    }
}
