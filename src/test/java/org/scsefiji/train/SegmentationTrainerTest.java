package org.scsefiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;

/** Real (tiny) training runs on crops of Duke OCT B-scans: ReLayNet with 8 features, 64-column strips. */
class SegmentationTrainerTest {
    @TempDir
    static Path crops;

    @TempDir
    Path out;

    @BeforeAll
    static void writeCrops() throws IOException {
        TestTorch.singleThread();
        OctCrops.write(crops);
    }

    private static TrainingConfig.Builder tiny(Path output) {
        return TinyRuns.tiny(crops, output);
    }

    private static TrainingResult train(TrainingConfig config, TrainingListener listener, CancelToken cancel) throws IOException {
        return TinyRuns.train(config, listener, cancel);
    }

    @Test
    void aTinyRunBeatsItsUntrainedStartAndRecordsHowItWasMade() throws IOException {
        List<TrainingEvent> events = new ArrayList<>();
        TrainingConfig config = tiny(out.resolve("oct.scse")).set("epochs", 8).build();
        TrainingResult r = train(config, events::add, new CancelToken());
        assertEquals(TrainingResult.Stop.FINISHED, r.stop());
        EpochMetrics start = r.history().get(0);
        assertEquals(0, start.epoch());
        EpochMetrics best = r.best();
        System.out.println("Tiny ReLayNet run: untrained " + start + "; best " + best);
        assertTrue(best.epoch() > 0);
        assertTrue(best.meanForegroundDice() > start.meanForegroundDice() + 0.05,
                "best Dice " + best.meanForegroundDice() + " vs untrained " + start.meanForegroundDice());
        assertTrue(best.validationLoss() < start.validationLoss());
        assertEquals(10, best.dice().length);
        assertNull(r.checkpoint(), "a finished run removes its checkpoint");
        assertFalse(Files.exists(config.checkpoint()));

        try (ScseModel m = ModelFile.load(r.model(), Device.cpu())) {
            assertEquals(10, m.spec().classCount());
            assertEquals("NFL", m.spec().classes().get(1).name());
            JsonObject p = m.provenance().toJson();
            assertEquals("scse train " + config, m.provenance().get(Provenance.RECIPE));
            JsonObject metrics = p.getAsJsonObject(Provenance.METRICS);
            assertEquals(best.epoch(), metrics.get("epoch").getAsInt());
            assertEquals(best.meanForegroundDice(), metrics.get("validation_mean_foreground_dice").getAsDouble(), 1e-9);
            assertTrue(metrics.has("validation_dice_1"));
            JsonObject training = p.getAsJsonObject("training");
            assertEquals("finished", training.get("status").getAsString());
            assertEquals(9, training.getAsJsonArray("history").size());
            assertEquals("64", training.getAsJsonObject("options").get("patch_width").getAsString());
            assertEquals("boundary", training.getAsJsonObject("options").get("weight_map").getAsString());
            JsonObject data = p.getAsJsonObject(Provenance.TRAINING_DATA);
            assertEquals(8, data.getAsJsonArray("training_images").size());
            assertEquals("group subject05", data.get("validation").getAsString());
        }
        long epochEvents = events.stream().filter(e -> e.kind() == TrainingEvent.Kind.EPOCH).count();
        assertEquals(9, epochEvents);
        TrainingEvent lastStep = events.stream().filter(e -> e.kind() == TrainingEvent.Kind.STEP).reduce((a, b) -> b).get();
        assertEquals(8, lastStep.epoch());
        assertEquals(4, lastStep.steps(), "16 strips of 64 columns at batch 4");
        assertTrue(Double.isFinite(lastStep.secondsLeft()));
        assertEquals(TrainingEvent.Kind.FINISHED, events.get(events.size() - 1).kind());
    }

    @Test
    void aCheckpointResumesAtTheSavedEpochAndContinuesTheSchedule() throws IOException {
        TrainingConfig config = tiny(out.resolve("r.scse")).set("epochs", 3).set("lr_step", 1).set("lr_factor", 0.5).build();
        CancelToken cancel = new CancelToken();
        TrainingResult first = train(config, e -> {
            if (e.kind() == TrainingEvent.Kind.EPOCH && e.epoch() == 2) cancel.cancel();
        }, cancel);
        assertEquals(TrainingResult.Stop.CANCELLED, first.stop());
        assertEquals(2, first.epochsDone());
        assertEquals(config.checkpoint(), first.checkpoint());
        try (ScseModel c = ModelFile.load(config.checkpoint(), Device.cpu())) {
            assertEquals(2, c.provenance().toJson().getAsJsonObject("checkpoint").get("epochs_done").getAsInt());
        }

        List<TrainingEvent> events = new ArrayList<>();
        TrainingResult second = train(config.toBuilder().set("resume", true).build(), events::add, new CancelToken());
        assertEquals(TrainingResult.Stop.FINISHED, second.stop());
        assertEquals(3, second.epochsDone());
        TrainingEvent firstStep = events.stream().filter(e -> e.kind() == TrainingEvent.Kind.STEP).findFirst().get();
        assertEquals(3, firstStep.epoch(), "the resumed run trains epoch 3 only");
        assertEquals(1, events.stream().filter(e -> e.kind() == TrainingEvent.Kind.EPOCH).count());
        List<EpochMetrics> h = second.history();
        assertEquals(List.of(0, 1, 2, 3), h.stream().map(EpochMetrics::epoch).collect(java.util.stream.Collectors.toList()));
        for (int e = 0; e < 3; e++) assertEquals(first.history().get(e).validationLoss(), h.get(e).validationLoss(), 0);
        assertEquals(0.01 * 0.25, h.get(3).learningRate(), 1e-9, "epoch 3 runs at lr x factor^2");
        try (ScseModel m = ModelFile.load(second.model(), Device.cpu())) {
            JsonObject training = m.provenance().toJson().getAsJsonObject("training");
            assertEquals("finished", training.get("status").getAsString());
            assertEquals(4, training.getAsJsonArray("history").size());
        }
    }

    @Test
    void cancelLeavesTheLastGoodModelAndItsCheckpoint() throws IOException {
        TrainingConfig config = tiny(out.resolve("c.scse")).set("epochs", 3).build();
        CancelToken cancel = new CancelToken();
        TrainingResult r = train(config, e -> {
            if (e.kind() == TrainingEvent.Kind.STEP && e.epoch() == 2 && e.step() == 2) cancel.cancel();
        }, cancel);
        assertEquals(TrainingResult.Stop.CANCELLED, r.stop());
        assertEquals(1, r.epochsDone());
        assertNotNull(r.model());
        assertTrue(r.best().epoch() <= 1);
        try (ScseModel m = ModelFile.load(r.model(), Device.cpu())) {
            JsonObject p = m.provenance().toJson();
            assertEquals("cancelled", p.getAsJsonObject("training").get("status").getAsString());
            assertEquals(r.best().epoch(), p.getAsJsonObject(Provenance.METRICS).get("epoch").getAsInt());
        }
        try (ScseModel c = ModelFile.load(r.checkpoint(), Device.cpu())) {
            assertEquals(1, c.provenance().toJson().getAsJsonObject("checkpoint").get("epochs_done").getAsInt());
        }
    }

    @Test
    void seededCpuRunsAreRepeatable() throws IOException {
        Path a = train(tiny(out.resolve("a.scse")).set("epochs", 1).build(), TrainingListener.NONE, new CancelToken()).model();
        Path b = train(tiny(out.resolve("b.scse")).set("epochs", 1).build(), TrainingListener.NONE, new CancelToken()).model();
        Path c = train(tiny(out.resolve("c.scse")).set("epochs", 1).set("seed", 4).build(), TrainingListener.NONE,
                new CancelToken()).model();
        List<float[]> wa = weights(a);
        List<float[]> wb = weights(b);
        List<float[]> wc = weights(c);
        boolean cDiffers = false;
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(wa.get(i), wb.get(i), "weight array " + i);
            cDiffers |= !java.util.Arrays.equals(wa.get(i), wc.get(i));
        }
        assertTrue(cDiffers, "another seed gives other weights");
    }

    static List<float[]> weights(Path model) throws IOException {
        List<float[]> w = new ArrayList<>();
        try (ScseModel m = ModelFile.load(model, Device.cpu())) {
            m.network().getParameters().forEach(p -> w.add(p.getValue().getArray().toFloatArray()));
        }
        return w;
    }

    @Test
    void badDataFailsBeforeAnythingIsWritten(@TempDir Path bad) throws IOException {
        Files.copy(crops.resolve("subject01_bscan30.tif"), bad.resolve("a.tif"));
        Files.copy(crops.resolve("subject01_bscan30_labels.tif"), bad.resolve("a_labels.tif"));
        Files.copy(crops.resolve("subject01_bscan50.tif"), bad.resolve("lonely.tif"));
        TrainingConfig config = tiny(out.resolve("never.scse")).set("images", bad).set("validation_group", "").build();
        org.scsefiji.train.data.TrainingDataException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.scsefiji.train.data.TrainingDataException.class, () -> train(config, TrainingListener.NONE, new CancelToken()));
        assertTrue(e.getMessage().contains(bad.resolve("lonely.tif").toString()), e.getMessage());
        try (java.util.stream.Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count(), "nothing written");
        }
    }

    @Test
    void anExistingModelIsNotOverwrittenUnlessAsked() throws IOException {
        Path existing = out.resolve("keep.scse");
        Files.writeString(existing, "precious");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> train(tiny(existing).build(), TrainingListener.NONE, new CancelToken()));
        assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("overwrite=true"), e.getMessage());
        assertEquals("precious", Files.readString(existing));
    }

    @Test
    void cancelWhileCheckingTheDataWritesNothing() throws IOException {
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        TrainingResult r = train(tiny(out.resolve("early.scse")).build(), TrainingListener.NONE, cancel);
        assertEquals(TrainingResult.Stop.CANCELLED, r.stop());
        assertNull(r.model());
        try (java.util.stream.Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count());
        }
    }
}
