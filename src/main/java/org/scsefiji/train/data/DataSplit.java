package org.scsefiji.train.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which image pairs train and which validate. Always whole files, never pixels of one image on both
 * sides: by a name prefix (all B-scans of one OCT subject, e.g. "subject05"), by a fraction of the
 * files (chosen with the seed), from a separate folder, or no validation at all.
 */
public final class DataSplit {
    private final List<ImagePair> training;
    private final List<ImagePair> validation;
    private final String rule;

    private DataSplit(List<ImagePair> training, List<ImagePair> validation, String rule) {
        List<ImagePair> t = new ArrayList<>(training);
        List<ImagePair> v = new ArrayList<>(validation);
        t.sort(Comparator.comparing(ImagePair::name));
        v.sort(Comparator.comparing(ImagePair::name));
        this.training = List.copyOf(t);
        this.validation = List.copyOf(v);
        this.rule = rule;
    }

    public static DataSplit none(List<ImagePair> pairs) {
        return new DataSplit(pairs, List.of(), "none");
    }

    /** Validation pairs from their own folder(s). */
    public static DataSplit separate(List<ImagePair> training, List<ImagePair> validation) {
        return new DataSplit(training, validation, "separate folder");
    }

    /** Pairs whose name starts with one of {@code prefixes} validate; the rest train. */
    public static DataSplit byGroup(List<ImagePair> pairs, List<String> prefixes) throws TrainingDataException {
        List<ImagePair> t = new ArrayList<>();
        List<ImagePair> v = new ArrayList<>();
        for (ImagePair p : pairs) {
            boolean val = prefixes.stream().anyMatch(g -> !g.isEmpty() && p.name().startsWith(g));
            (val ? v : t).add(p);
        }
        String groups = String.join(",", prefixes);
        if (v.isEmpty()) {
            throw new TrainingDataException("validation_group '" + groups + "': no image name starts with it (names look like '"
                    + pairs.get(0).name() + "')");
        }
        if (t.isEmpty()) {
            throw new TrainingDataException("validation_group '" + groups + "': every image name starts with it, nothing is left for training");
        }
        return new DataSplit(t, v, "group " + groups);
    }

    /**
     * round(fraction x files) files validate (at least 1, at most all but one), drawn with {@code seed};
     * the same files, seed and fraction always give the same split.
     */
    public static DataSplit byFraction(List<ImagePair> pairs, double fraction, long seed) throws TrainingDataException {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation_fraction must lie between 0 and 1, got " + fraction);
        }
        if (pairs.size() < 2) {
            throw new TrainingDataException("validation needs at least 2 image pairs, found " + pairs.size()
                    + " (" + pairs.get(0).image().getFileName() + "); add images, give a validation folder, or set validation_fraction=0");
        }
        List<ImagePair> shuffled = new ArrayList<>(pairs);
        shuffled.sort(Comparator.comparing(ImagePair::name));
        Collections.shuffle(shuffled, new Random(seed));
        int k = (int) Math.max(1, Math.min(pairs.size() - 1, Math.round(fraction * pairs.size())));
        return new DataSplit(shuffled.subList(k, shuffled.size()), shuffled.subList(0, k),
                "fraction " + fraction + " of files, seed " + seed);
    }

    public List<ImagePair> training() {
        return training;
    }

    public List<ImagePair> validation() {
        return validation;
    }

    public boolean hasValidation() {
        return !validation.isEmpty();
    }

    /** In words, for provenance and logs. */
    public String rule() {
        return rule;
    }
}
