package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;
import org.scsefiji.train.OctCrops;

/**
 * The command line trains a tiny ReLayNet on crops of real OCT B-scans (subject 5 validates) and the
 * result beats its own untrained start; evaluate then scores it on the validation images.
 */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void aCliTrainedModelBeatsItsUntrainedStartAndEvaluates() throws Exception {
        Path crops = Files.createDirectories(dir.resolve("crops"));
        OctCrops.write(crops);
        Path model = dir.resolve("oct.scse");
        String out = run(0, "train", "--images", crops.toString(), "--arch", "relaynet", "--se", "scse", "--aggregation", "max",
                "--positions", "P5", "--features", "8", "--epochs", "6", "--validation-group", "subject05", "--seed", "3",
                "--device", "cpu", "--out", model.toString());
        assertTrue(out.contains("Epoch 6/6"), out);

        JsonArray history;
        try (ScseModel m = ModelFile.load(model, Device.cpu())) {
            JsonObject training = m.provenance().toJson().getAsJsonObject("training");
            history = training.getAsJsonArray("history");
            assertTrue(m.provenance().get("recipe").contains("--validation-group subject05"));
        }
        double untrained = dice(history.get(0).getAsJsonObject());
        double best = 0;
        for (int i = 1; i < history.size(); i++) best = Math.max(best, dice(history.get(i).getAsJsonObject()));
        assertTrue(best > untrained + 0.05, "best validation Dice " + best + " vs untrained " + untrained);

        Path validation = Files.createDirectories(dir.resolve("validation"));
        try (var files = Files.list(crops)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith("subject05")) Files.copy(p, validation.resolve(p.getFileName()));
            }
        }
        String eval = run(0, "evaluate", "--model", model.toString(), "--images", validation.toString(), "--device", "cpu");
        String last = eval.strip().substring(eval.strip().lastIndexOf('\n') + 1);
        assertTrue(last.matches("mean_foreground_dice=0\\.\\d+"), last);
        assertFalse(Files.exists(dir.resolve("oct-checkpoint.scse")), "a finished run removes its checkpoint");
    }

    private static double dice(JsonObject epoch) {
        for (String key : new String[] {"mean_foreground_dice", "validation_mean_foreground_dice"}) {
            if (epoch.has(key)) return epoch.get(key).getAsDouble();
        }
        throw new AssertionError("no Dice in " + epoch);
    }

    private static String run(int expected, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        String out = o.toString(StandardCharsets.UTF_8);
        assertEquals(expected, code, out + e.toString(StandardCharsets.UTF_8));
        return out;
    }
}
