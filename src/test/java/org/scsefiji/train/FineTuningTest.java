package org.scsefiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.NetworkTestSupport;
import org.scsefiji.task.CancelToken;

class FineTuningTest {
    @TempDir
    static Path dir;
    static Path crops;
    static Path parent;

    @BeforeAll
    static void trainParent() throws IOException {
        TestTorch.singleThread();
        crops = java.nio.file.Files.createDirectories(dir.resolve("crops"));
        OctCrops.write(crops);
        parent = TinyRuns.train(TinyRuns.tiny(crops, dir.resolve("parent.scse")).set("epochs", 1).build(),
                TrainingListener.NONE, new CancelToken()).model();
    }

    private static Map<String, float[]> weights(ScseModel m, boolean trainableOnly) {
        Map<String, float[]> w = new HashMap<>();
        for (Pair<String, Parameter> p : m.network().getParameters()) {
            if (!trainableOnly || p.getValue().requiresGradient()) w.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return w;
    }

    /** Fine-tuning to other classes copies every weight but these: they must be exactly the ones whose shape changes. */
    @ParameterizedTest
    @EnumSource(Architecture.class)
    void theClassifierParametersAreExactlyThoseWhoseShapeDependsOnTheClassCount(Architecture arch) {
        try (ScseModel three = NetworkTestSupport.seededModel(NetworkTestSupport.small(arch).classCount(3).build(), 1);
                ScseModel four = NetworkTestSupport.seededModel(NetworkTestSupport.small(arch).classCount(4).build(), 1)) {
            Map<String, Shape> before = new HashMap<>();
            for (Pair<String, Parameter> p : three.network().getParameters()) before.put(p.getKey(), p.getValue().getArray().getShape());
            Set<Parameter> head = four.network().classifierParameters();
            int changed = 0;
            for (Pair<String, Parameter> p : four.network().getParameters()) {
                boolean differs = !p.getValue().getArray().getShape().equals(before.get(p.getKey()));
                assertEquals(differs, head.contains(p.getValue()), arch + " " + p.getKey());
                if (differs) changed++;
            }
            assertEquals(head.size(), changed, arch + ": every classifier parameter is one of the network's");
        }
    }

    /**
     * A 3-class object model (FocusNet++, whose side outputs depend on the class count too) fine-tuned into cores: the
     * new classes get what a new model of them gets, the core-seeded object split and logit offsets for four classes.
     */
    @Test
    void fineTuningIntoCoresDeclaresCoreSeededObjects() throws IOException {
        Random r = new Random(5);
        Path discs = dir.resolve("discs");
        for (int i = 0; i < 4; i++) EasyTaskTest.writeDiscs(discs, "train" + i, r);
        for (int i = 0; i < 2; i++) EasyTaskTest.writeDiscs(discs, "val" + i, r);
        TrainingConfig.Builder objects = TrainingConfig.builder().set("images", discs).set("validation_group", "val")
                .set("instance_labels", true).set("object_outlines", true).set("loss", "ce_dice").set("patch_width", 0)
                .set("patch_height", 0).set("epochs", 1).set("device", "cpu");
        Path threeClasses = new SegmentationTrainer().train(objects.set("architecture", "focusnetpp").set("features", 4)
                .set("output", dir.resolve("objects.scse")).build(), null, TrainingListener.NONE, new CancelToken()).model();
        Path cores = new SegmentationTrainer().train(objects.set("model", threeClasses).set("object_cores", true).set("classes", 4)
                .set("output", dir.resolve("cores.scse")).build(), null, TrainingListener.NONE, new CancelToken()).model();
        try (ScseModel c = ModelFile.load(cores, Device.cpu())) {
            assertEquals(List.of("background", "object", "outline", "core"), c.spec().classes().stream().map(ClassInfo::name).collect(Collectors.toList()));
            InstancePostProcessing p = (InstancePostProcessing) c.spec().postProcessing();
            assertEquals(3, p.coreClass());
            assertTrue(p.objectDiameter() > 0, "the training objects' size is recorded");
            assertEquals(4, c.spec().logitOffsets().size());
        }
    }

    @Test
    void anotherClassCountReplacesOnlyTheClassifier() throws IOException {
        try (ScseModel p = ModelFile.load(parent, Device.cpu());
                ScseModel child = FineTuning.start(parent, ClassPalettes.generic(12), null, null, Device.cpu())) {
            Map<String, float[]> before = weights(p, false);
            Set<Parameter> head = child.network().classifierParameters();
            assertEquals(2, head.size(), "1x1 classifier: weight and bias");
            int copied = 0;
            for (Pair<String, Parameter> q : child.network().getParameters()) {
                if (head.contains(q.getValue())) {
                    assertEquals(12, q.getValue().getArray().getShape().get(0));
                } else {
                    assertArrayEquals(before.get(q.getKey()), q.getValue().getArray().toFloatArray(), q.getKey());
                    copied++;
                }
            }
            assertEquals(before.size() - 2, copied);
            assertEquals(12, child.spec().classCount());
            assertEquals(p.spec().architecture(), child.spec().architecture());
        }
    }

    @Test
    void aFrozenEncoderKeepsItsWeightsWhileTheRestLearnsAndTheParentIsRecorded() throws IOException {
        TrainingConfig config = TinyRuns.tiny(crops, dir.resolve("child.scse"))
                .set("model", parent).set("classes", 12).set("freeze_encoder", true).set("epochs", 1)
                .set("architecture", "unet") // ignored: the parent's network is kept
                .build();
        TrainingResult r = TinyRuns.train(config, TrainingListener.NONE, new CancelToken());
        try (ScseModel p = ModelFile.load(parent, Device.cpu()); ScseModel c = ModelFile.load(r.model(), Device.cpu())) {
            assertEquals("relaynet", c.spec().architecture().key());
            assertEquals(12, c.spec().classCount());
            Map<String, float[]> before = weights(p, true);
            Set<Parameter> encoder = c.network().encoderParameters();
            boolean decoderChanged = false;
            int encoderChecked = 0;
            for (Pair<String, Parameter> q : c.network().getParameters()) {
                float[] was = before.get(q.getKey());
                if (was == null || c.network().classifierParameters().contains(q.getValue())) continue;
                if (encoder.contains(q.getValue())) {
                    assertArrayEquals(was, q.getValue().getArray().toFloatArray(), q.getKey());
                    encoderChecked++;
                } else {
                    decoderChanged |= !java.util.Arrays.equals(was, q.getValue().getArray().toFloatArray());
                }
            }
            assertTrue(encoderChecked > 0);
            assertTrue(decoderChanged, "the decoder trained");
            JsonObject rec = c.provenance().toJson().getAsJsonObject(Provenance.PARENT);
            assertEquals("parent.scse", rec.get("file").getAsString());
            assertEquals(64, rec.get("sha256").getAsString().length());
            assertTrue(rec.getAsJsonObject("provenance").has(Provenance.RECIPE));
            assertFalse(rec.getAsJsonObject("provenance").has("checkpoint"));
        }
    }

    @Test
    void theSameClassesKeepEveryWeightAndTrainThemAll() throws IOException {
        TrainingConfig config = TinyRuns.tiny(crops, dir.resolve("same.scse")).set("model", parent).set("classes", 0)
                .set("epochs", 1).set("keep_checkpoint", true).build();
        TrainingResult r = TinyRuns.train(config, TrainingListener.NONE, new CancelToken());
        EpochMetrics start = r.history().get(0);
        try (ScseModel p = ModelFile.load(parent, Device.cpu()); ScseModel last = ModelFile.load(r.checkpoint(), Device.cpu())) {
            assertEquals(p.spec(), last.spec());
            JsonObject parentMetrics = p.provenance().toJson().getAsJsonObject(Provenance.METRICS);
            assertEquals(parentMetrics.get("validation_loss").getAsDouble(), start.validationLoss(), 1e-4,
                    "epoch 0 of a fine-tuning run is the parent itself");
            Map<String, float[]> before = weights(p, true);
            Set<Parameter> encoder = last.network().encoderParameters();
            int encoderChanged = 0;
            for (Pair<String, Parameter> q : last.network().getParameters()) {
                if (encoder.contains(q.getValue()) && q.getValue().requiresGradient()
                        && !java.util.Arrays.equals(before.get(q.getKey()), q.getValue().getArray().toFloatArray())) {
                    encoderChanged++;
                }
            }
            assertTrue(encoderChanged > 0, "an unfrozen encoder trains");
        }
    }
}
