package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.eval.ModelEvaluation;
import org.scsefiji.eval.SegmentationMetrics;
import org.scsefiji.imagej.TestFixtures;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.data.PairFinder;

class EvaluateCommandTest {
    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one run. */
    private static final class Run {
        int code;
        String out;
        String err;
    }

    private static Run evaluate(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "evaluate";
        System.arraycopy(args, 0, all, 1, args.length);
        Run r = new Run();
        r.code = Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        r.out = o.toString(StandardCharsets.UTF_8);
        r.err = e.toString(StandardCharsets.UTF_8);
        return r;
    }

    /** Image {@code name}.tif and its class ids as {@code labelName}.tif, written with ImageJ's FileSaver. */
    private static void writePair(Path images, String name, Path labels, String labelName, int w, int h, long seed) throws Exception {
        Files.createDirectories(images);
        Files.createDirectories(labels);
        ImagePlus image = TestFixtures.image(name, w, h, seed);
        new FileSaver(image).saveAsTiff(images.resolve(name + ".tif").toString());
        new FileSaver(TestFixtures.labelsFor(image)).saveAsTiff(labels.resolve(labelName + ".tif").toString());
    }

    @Test
    void printsDicePerClassWritesTheCsvAndAgreesWithModelEvaluation() throws Exception {
        Path model = TestFixtures.tinyModel(dir.resolve("tiny.scse"));
        Path data = dir.resolve("data");
        writePair(data, "a", data, "a_labels", 36, 30, 1);
        writePair(data, "b", data, "b_labels", 41, 33, 2);
        writePair(data, "c", data, "c_labels", 30, 30, 3);
        Path csv = dir.resolve("scores/dice.csv");

        Run r = evaluate("--model", model.toString(), "--images", data.toString(), "--labels", data.toString(), "--csv", csv.toString(),
                "--device", "cpu");
        assertEquals(0, r.code, r.out + r.err);
        String[] lines = r.out.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("mean_foreground_dice=\\d+\\.\\d{4,}"), last);

        ModelEvaluation expected;
        try (ScseModel m = ModelFile.load(model, Device.cpu())) {
            expected = ModelEvaluation.run(m, 0, PairFinder.find(data, data), new ImageIoReader(), ProgressListener.NONE, new CancelToken());
        }
        SegmentationMetrics overall = expected.overall();
        assertEquals("mean_foreground_dice=" + SegmentationMetrics.decimal(overall.meanForegroundDice()), last);
        List<String> rows = Files.readAllLines(csv);
        assertEquals("class,name,dice,truth_pixels,predicted_pixels", rows.get(0));
        assertEquals(1 + TestFixtures.CLASSES.size(), rows.size(), "one row per class");
        for (int c = 0; c < TestFixtures.CLASSES.size(); c++) {
            String dice = SegmentationMetrics.decimal(overall.dice(c));
            String name = TestFixtures.CLASSES.get(c).name();
            assertEquals(c + "," + name + "," + dice + "," + overall.matrix().truthCount(c) + "," + overall.matrix().predictedCount(c),
                    rows.get(1 + c));
            String printed = String.format(java.util.Locale.ROOT, "%5d  %-20s %8s %14d %16d", c, name, dice,
                    overall.matrix().truthCount(c), overall.matrix().predictedCount(c));
            assertTrue(r.out.contains(printed + "\n"), "class " + c + " line in\n" + r.out);
        }
        assertEquals(36 * 30 + 41 * 33 + 30 * 30, overall.matrix().total());
        assertEquals(4, Files.readAllLines(dir.resolve("scores/dice_per_image.csv")).size(), "header and one row per image");
    }

    @Test
    void heldOutScoresOnlyTheModelsValidationImages() throws Exception {
        Path data = dir.resolve("data");
        writePair(data, "s1_a", data, "s1_a_labels", 36, 30, 1);
        writePair(data, "s5_b", data, "s5_b_labels", 41, 33, 2);
        Path model = dir.resolve("held.scse");
        try (ScseModel m = ModelFile.load(TestFixtures.tinyModel(dir.resolve("tiny.scse")), Device.cpu())) {
            JsonObject record = new JsonObject();
            JsonArray names = new JsonArray();
            names.add("s5_b");
            record.add("validation_images", names);
            m.setProvenance(m.provenance().with(Provenance.TRAINING_DATA, record));
            ModelFile.save(m, model);
        }
        Path csv = dir.resolve("held.csv");
        Run r = evaluate("--model", model.toString(), "--images", data.toString(), "--held-out", "--device", "cpu", "--csv", csv.toString());
        assertEquals(0, r.code, r.out + r.err);
        assertTrue(r.out.contains("images_scored=1 images_failed=0"), r.out);
        List<String> perImage = Files.readAllLines(dir.resolve("held_per_image.csv"));
        assertEquals(2, perImage.size(), "header and s5_b");
        assertTrue(perImage.get(1).startsWith("s5_b,"), perImage.get(1));

        Path plain = TestFixtures.tinyModel(dir.resolve("tiny2.scse"));
        Run none = evaluate("--model", plain.toString(), "--images", data.toString(), "--held-out");
        assertTrue(none.code != 0 && none.err.contains(plain + " names no validation images"), none.err);
    }

    @Test
    void badInputsNameTheFileAndFail() throws Exception {
        Path model = TestFixtures.tinyModel(dir.resolve("tiny.scse"));
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        writePair(images, "a", labels, "a", 32, 32, 1);

        Run missing = evaluate("--model", model.toString(), "--images", dir.resolve("nowhere").toString(), "--labels", labels.toString());
        assertTrue(missing.code == 1 || missing.code == 2, missing.err);
        assertTrue(missing.err.contains(dir.resolve("nowhere").toString()), missing.err);

        new FileSaver(TestFixtures.image("lonely", 20, 20, 5)).saveAsTiff(images.resolve("lonely.tif").toString());
        Run unpaired = evaluate("--model", model.toString(), "--images", images.toString(), "--labels", labels.toString());
        assertTrue(unpaired.code == 1 || unpaired.code == 2, unpaired.err);
        assertTrue(unpaired.err.contains(images.resolve("lonely.tif") + ": no label image for it"), unpaired.err);
        Files.delete(images.resolve("lonely.tif"));

        ByteProcessor outside = new ByteProcessor(24, 24);
        outside.set(3, 4, 7); // the model has classes 0..2
        new FileSaver(TestFixtures.image("z", 24, 24, 6)).saveAsTiff(images.resolve("z.tif").toString());
        new FileSaver(new ImagePlus("z", outside)).saveAsTiff(labels.resolve("z.tif").toString());
        Run badLabel = evaluate("--model", model.toString(), "--images", images.toString(), "--labels", labels.toString(), "--device", "cpu");
        assertEquals(1, badLabel.code, badLabel.out + badLabel.err);
        assertTrue(badLabel.err.contains("FAILED z: " + labels.resolve("z.tif")), badLabel.err);
        assertTrue(badLabel.err.contains("7"), badLabel.err);
        String[] lines = badLabel.out.strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("mean_foreground_dice="), "the images that could be scored still are: " + badLabel.out);
        assertTrue(badLabel.out.contains("images_scored=1 images_failed=1"), badLabel.out);
    }
}
