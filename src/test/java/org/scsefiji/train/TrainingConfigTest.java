package org.scsefiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.train.data.LabelMode;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.PixelSize;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.model.RetinaAnatomy;
import org.scsefiji.nn.Architecture;

class TrainingConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("images", "/data/oct");
        m.put("output", "/models/oct.scse");
        return m;
    }

    @Test
    void defaultsAreThePapers() {
        TrainingConfig c = TrainingConfig.parse(minimal());
        assertEquals(TrainingConfig.OptimizerChoice.SGD, c.optimizer());
        assertEquals(0.01f, c.learningRate());
        assertEquals(10, c.lrStep());
        assertEquals(0.1f, c.lrFactor());
        assertEquals(0.95f, c.momentum());
        assertEquals(1e-4f, c.weightDecay());
        assertEquals(4, c.batchSize());
        assertEquals(TrainingConfig.LossChoice.CE_DICE, c.loss());
        assertEquals(TrainingConfig.ClassWeighting.MEDIAN_FREQUENCY, c.classWeights());
        assertEquals(Paths.get("/data/oct"), c.labels(), "labels default to the images folder");
        assertEquals(Paths.get("/models/oct-checkpoint.scse"), c.checkpoint());
    }

    @Test
    void aNewModelRecordsItsPixelSizeAndDeclaresThePostProcessingItsLabelsCallFor() {
        Map<String, String> m = minimal();
        assertNull(TrainingConfig.parse(m).pixelSize(), "no pixel size unless given");
        m.put("pixel_width", "11.3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(m));
        assertTrue(e.getMessage().contains("pixel_depth"), e.getMessage());
        m.put("pixel_depth", "3.87");
        assertEquals(new PixelSize(11.3, 3.87), TrainingConfig.parse(m).pixelSize());

        List<ClassInfo> layers = ClassPalettes.retinalLayers();
        assertEquals(PostProcessing.NONE, TrainingConfig.parse(m).postProcessing(layers, false), "auto: a U-Net does not get the OCT order");
        m.put("architecture", "relaynet");
        assertEquals(RetinaAnatomy.relayNet(), TrainingConfig.parse(m).postProcessing(layers, false));
        assertEquals(PostProcessing.NONE, TrainingConfig.parse(m).postProcessing(ClassPalettes.generic(10), false), "other classes: none");
        m.put("postprocessing", "none");
        assertEquals(PostProcessing.NONE, TrainingConfig.parse(m).postProcessing(layers, false));
        m.put("postprocessing", "instances");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(m).postProcessing(ClassPalettes.generic(2), false));
        assertTrue(e.getMessage().startsWith("postprocessing=instances"), e.getMessage());
        m.put("architecture", "unet");
        m.put("instance_labels", "true");
        m.put("object_outlines", "true");
        m.put("postprocessing", "auto");
        assertEquals(InstancePostProcessing.forAdjustedLogits(), TrainingConfig.parse(m).postProcessing(ClassPalettes.objects(3), true),
                "with logit offsets the split tuned for them");
        assertEquals(InstancePostProcessing.defaults(), TrainingConfig.parse(m).postProcessing(ClassPalettes.objects(3), false),
                "without offsets (logit_adjustment=0, or equal class weights) the former split");
        m.put("object_cores", "true");
        assertEquals(LabelMode.OBJECTS_OUTLINES_AND_CORES, TrainingConfig.parse(m).labelMode());
        assertEquals(InstancePostProcessing.forAdjustedLogits().withCoreClass(3),
                TrainingConfig.parse(m).postProcessing(ClassPalettes.objects(4), true), "cores seed the objects");
        m.put("object_outlines", "false");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(m).labelMode());
        assertTrue(e.getMessage().contains("object_cores needs"), e.getMessage());
    }

    @Test
    void someDefaultsFollowTheArchitecture() {
        Map<String, String> m = minimal();
        m.put("architecture", "relaynet");
        TrainingConfig relay = TrainingConfig.parse(m);
        assertEquals(64, relay.patchWidth());
        assertEquals(0, relay.patchHeight());
        assertEquals(TrainingConfig.WeightMapChoice.BOUNDARY, relay.weightMap());
        m.put("architecture", "focusnetpp");
        TrainingConfig focus = TrainingConfig.parse(m);
        assertEquals(TrainingConfig.LossChoice.HYBRID_LOG, focus.loss());
        assertEquals(TrainingConfig.ClassWeighting.NONE, focus.classWeights());
        assertEquals(256, focus.patchWidth());
        m.put("patch_width", "128");
        assertEquals(128, TrainingConfig.parse(m).patchWidth());
    }

    @Test
    void everyEffectiveValueRoundTrips() {
        Map<String, String> m = minimal();
        m.put("validation_group", "subject04, subject05");
        m.put("optimizer", "adam");
        m.put("class_names", "background,nucleus");
        TrainingConfig c = TrainingConfig.parse(m);
        assertEquals(List.of("subject04", "subject05"), c.validationGroups());
        assertEquals(List.of("background", "nucleus"), c.classNames());
        TrainingConfig again = TrainingConfig.parse(c.toMap());
        assertEquals(c.toMap(), again.toMap());
        assertEquals(org.scsefiji.options.TrainingOptions.OPERATION.keys(), List.copyOf(c.toMap().keySet()));
        assertTrue(c.toString().contains("optimizer=adam"));
    }

    @Test
    void badOptionsAreNamed() {
        Map<String, String> m = minimal();
        m.put("epoch", "3");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(m));
        assertTrue(unknown.getMessage().contains("'epoch'") && unknown.getMessage().contains("epochs"), unknown.getMessage());
        for (String[] bad : new String[][] {{"epochs", "0"}, {"batch_size", "two"}, {"momentum", "1"}, {"optimizer", "rmsprop"},
                {"flip", "maybe"}, {"validation_fraction", "1.5"}, {"classes", "1"}, {"normalization", "fixed"}}) {
            Map<String, String> b = minimal();
            b.put(bad[0], bad[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(b), bad[0]);
            assertTrue(e.getMessage().contains(bad[0]) || e.getMessage().toLowerCase().contains(bad[0].replace('_', ' ')),
                    bad[0] + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.parse(Map.of("images", "/x")), "output is required");
    }

    @Test
    void aModelsNetworkReplacesTheNetworkOptions() {
        NetworkSpec spec = NetworkSpec.builder().architecture(Architecture.RELAYNET).features(16)
                .normalization(Normalization.percentile(2, 98)).build();
        TrainingConfig c = TrainingConfig.parse(minimal()).withNetwork(spec);
        assertEquals(Architecture.RELAYNET, c.architecture());
        assertEquals("16", c.toMap().get("features"));
        assertEquals(Normalization.percentile(2, 98), c.normalization());
        assertEquals(64, c.patchWidth());
    }

    @Test
    void theLearningRateDropsEveryStepEpochs() {
        LearningRateSchedule s = new LearningRateSchedule(0.01f, 10, 0.1f);
        assertEquals(0.01f, s.at(0), 1e-9);
        assertEquals(0.01f, s.at(9), 1e-9);
        assertEquals(0.001f, s.at(10), 1e-9);
        assertEquals(0.0001f, s.at(25), 1e-9);
        s.setEpoch(12);
        assertEquals(0.001f, s.getNewValue(123456), 1e-9, "follows the epoch, not DJL's update counter");
        assertEquals(0.5f, new LearningRateSchedule(0.5f, 0, 0.1f).at(100));
    }
}
