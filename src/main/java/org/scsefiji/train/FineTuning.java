package org.scsefiji.train;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scsefiji.io.Sha256;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ModelFileException;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.SegmentationNetwork;

/**
 * Starting from a trained model: keep its weights; for other classes build the same network with the
 * new classes and copy every weight, except, when the class count changes, the classifier's
 * ({@link SegmentationNetwork#classifierParameters}), which starts fresh. The encoder can be frozen.
 */
final class FineTuning {
    private FineTuning() {
    }

    /**
     * @param classes the new classes, or null to keep the parent's
     * @param post with new classes, the post-processing the model declares (the parent's was for its classes); null = none
     * @param offsets with new classes, the model's logit offsets (empty or null: none)
     */
    static ScseModel start(Path parentFile, List<ClassInfo> classes, PostProcessing post, List<Double> offsets, Device device)
            throws ModelFileException {
        ScseModel parent = ModelFile.load(parentFile, device);
        if (classes == null || classes.equals(parent.spec().classes())) return parent;
        try {
            NetworkSpec spec = parent.spec().toBuilder().classes(classes).postProcessing(post).logitOffsets(offsets).build();
            ScseModel child = ScseModel.create(spec, parent.provenance(), device);
            try {
                copyWeights(parent.network(), child.network(), classes.size() != parent.spec().classCount(), parentFile);
                return child;
            } catch (ModelFileException | RuntimeException e) {
                child.close();
                throw e;
            }
        } finally {
            parent.close();
        }
    }

    /** Copies weights by name; with {@code newClassifier} the classifier keeps its fresh initialisation. */
    private static void copyWeights(SegmentationNetwork from, SegmentationNetwork to, boolean newClassifier, Path parentFile)
            throws ModelFileException {
        Map<String, Parameter> source = new HashMap<>();
        for (Pair<String, Parameter> p : from.getParameters()) source.put(p.getKey(), p.getValue());
        Set<Parameter> head = newClassifier ? to.classifierParameters() : Set.of();
        if (newClassifier && head.isEmpty()) throw new IllegalStateException("The network names no classifier parameters");
        for (Pair<String, Parameter> p : to.getParameters()) {
            if (head.contains(p.getValue())) continue;
            Parameter s = source.get(p.getKey());
            if (s == null || !s.getArray().getShape().equals(p.getValue().getArray().getShape())) {
                throw new ModelFileException(parentFile, "its weight '" + p.getKey() + "' does not match the network with the new classes", null);
            }
            s.getArray().copyTo(p.getValue().getArray());
        }
    }

    /**
     * Parameters read from a file are plain arrays without gradients (DJL's Parameter.load); give every
     * trainable parameter its gradient again (BatchNorm running statistics stay without).
     */
    static void makeTrainable(SegmentationNetwork net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            p.getValue().getArray().setRequiresGradient(p.getValue().requiresGradient());
        }
    }

    /** Freezes the encoder: the optimizer skips parameters without gradient. Returns how many were frozen. */
    static int freezeEncoder(SegmentationNetwork net) {
        Set<Parameter> encoder = net.encoderParameters();
        encoder.forEach(p -> p.freeze(true));
        return encoder.size();
    }

    /** The provenance record of a parent: file name, SHA-256 and its own provenance (without checkpoint state). */
    static JsonObject parentRecord(Path file, Provenance provenance) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("file", file.getFileName().toString());
        o.addProperty("sha256", Sha256.hex(file));
        JsonObject p = provenance.toJson();
        p.remove(TrainingState.KEY);
        o.add("provenance", p);
        return o;
    }
}
