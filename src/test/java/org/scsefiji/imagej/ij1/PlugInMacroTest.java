package org.scsefiji.imagej.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.imagej.ClassProperties;
import org.scsefiji.imagej.InstalledModels;
import org.scsefiji.imagej.OverlayCheck;
import org.scsefiji.imagej.TestFixtures;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.Provenance;
import org.scsefiji.options.Operations;

/** Each ImageJ 1 plugin run from the literal line ImageJ's Recorder writes for its dialog (checkboxes as bare words). */
class PlugInMacroTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TestFixtures.tinyModel(models.resolve("tiny model.scse"));
        System.setProperty(InstalledModels.FOLDER_PROPERTY, models.toString());
    }

    @AfterAll
    static void stop() {
        System.clearProperty(InstalledModels.FOLDER_PROPERTY);
    }

    @BeforeEach
    void batchMode() {
        Interpreter.batchMode = true;
    }

    @AfterEach
    void closeBatchImages() {
        for (int id : WindowManager.getIDList() == null ? new int[0] : WindowManager.getIDList()) {
            ImagePlus imp = WindowManager.getImage(id);
            if (imp != null) Interpreter.removeBatchModeImage(imp);
        }
        WindowManager.setTempCurrentImage(null);
        Interpreter.batchMode = false;
    }

    @Test
    void segmentImageShowsLabelsAndMapsAndDrawsTheOverlay() {
        ImagePlus imp = TestFixtures.image("cells.tif", 41, 37, 3);
        Ij1Macro.run(Operations.SEGMENT,
                "model=[tiny model] device=cpu tile_size=0 label_image overlay=fill probabilities", imp);
        ImagePlus labels = WindowManager.getImage("cells_labels");
        assertNotNull(labels, "the label image is shown (registered as a batch-mode image)");
        assertEquals(TestFixtures.CLASSES, ClassProperties.read(labels).orElseThrow());
        assertNotNull(WindowManager.getImage("cells_probabilities"));
        assertTrue(WindowManager.getImage("cells_attention") == null, "attention_maps absent = false, as in ImageJ 1");
        OverlayCheck.matchesLabels(imp.getOverlay(), labels.getProcessor());
        assertNotNull(imp.getOverlay().get(0).getFillColor(), "overlay=fill fills the class regions");
    }

    @Test
    void segmentFolderGoesOnAfterABrokenFile() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
        IJ.save(TestFixtures.image("a", 40, 36, 1), in.resolve("a.tif").toString());
        TestFixtures.truncatedTiff(in.resolve("b broken.tif"));
        IJ.save(TestFixtures.image("c", 30, 30, 2), in.resolve("c.tif").toString());
        String log = Ij1Macro.run(Operations.SEGMENT_FOLDER, "model=[tiny model] device=cpu tile_size=0"
                + " input_directory=" + in + " output_directory=" + out + " file_filter=*.tif overlay=none", null);
        assertTrue(Files.exists(out.resolve("a_labels.tif")));
        assertTrue(Files.exists(out.resolve("c_labels.tif")));
        assertFalse(Files.exists(out.resolve("b broken_labels.tif")));
        assertFalse(Files.exists(out.resolve("a_probabilities.tif")), "probabilities absent = false");
        assertTrue(log.contains("FAILED " + in.resolve("b broken.tif") + ": the file is cut short"), log);
        assertTrue(log.contains("2 segmented, 0 skipped (already done), 1 failed"), log);
    }

    @Test
    void evaluateWritesTheCsv() throws Exception {
        Path data = dir.resolve("eval");
        TestFixtures.writePairs(data.resolve("images"), data.resolve("labels"), 2, 32, 32, 40);
        Path csv = dir.resolve("eval.csv");
        String log = Ij1Macro.run(Operations.EVALUATE, "model=[tiny model] input_directory="
                + data.resolve("images") + " labels_directory=" + data.resolve("labels") + " output_file=" + csv + " device=cpu tile_size=0", null);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size());
        assertTrue(log.contains("2 of 2 images scored; mean foreground Dice "), log);
    }

    @Test
    void modelInfoLogsTheDescription() {
        String log = Ij1Macro.run(Operations.INFO, "model=[tiny model]", null);
        assertTrue(log.contains("  network: unet se_block=scse"), log);
        assertTrue(log.contains("    2 rim #00ff00"), log);
    }

    @Test
    void trainAndFineTuneFromRecordedLines() throws Exception {
        Path images = dir.resolve("train/images"), labels = dir.resolve("train/labels");
        TestFixtures.writePairs(images, labels, 3, 32, 32, 50);
        Path first = dir.resolve("first.scse"), tuned = dir.resolve("tuned.scse");
        String line = "input_directory=" + images + " labels_directory=" + labels + " save_as=" + first + " architecture=sdnet"
                + " se_block=cse aggregation=max positions=P1 reduction=4 features=8 classes=2 class_names=[] epochs=1 batch_size=2"
                + " learning_rate=0.01 validation_fraction=0 device=cpu training_options=[patch_width=32 patch_height=32]";
        String log = Ij1Macro.run(Operations.TRAIN, line, null);
        assertTrue(Files.exists(first), log);
        ModelFile.Info info = ModelFile.readInfo(first);
        assertEquals("sdnet", info.spec().architecture().key());
        assertEquals("cse", info.spec().seBlock().key());
        assertEquals(4, info.spec().reduction());
        String recorded = line.replace(" training_options=", " overwrite=false training_options="); // every key, in order
        assertEquals("run(\"Train Model\", \"" + recorded + "\");", info.provenance().get(Provenance.RECIPE));
        assertTrue(log.contains("running on PyTorch "), log);

        log = Ij1Macro.run(Operations.FINE_TUNE, "model=" + first + " input_directory=" + images
                + " labels_directory=" + labels + " save_as=" + tuned + " classes=0 class_names=[] freeze_encoder epochs=1 batch_size=2"
                + " learning_rate=0.001 validation_fraction=0 device=cpu training_options=[patch_width=32 patch_height=32]", null);
        assertTrue(Files.exists(tuned), log);
        assertTrue(log.contains("Encoder frozen"), log);
    }

    @Test
    void typosAndMissingOptionsAreReported() {
        String log = Ij1Macro.run(Operations.INFO, "Model=[tiny model]", null);
        assertTrue(log.contains("Model Info: ERROR: Unknown option 'Model' (keys are lower case: model)"), log);
        assertTrue(log.contains(Ij1Macro.CANCELLED), "a failure stops the macro: " + log);
        log = Ij1Macro.run(Operations.SEGMENT, "model=[tiny model] tileSize=64",
                TestFixtures.image("x", 32, 32, 1));
        assertTrue(log.contains("Unknown option 'tileSize' (did you mean tile_size?)"), log);
        log = Ij1Macro.run(Operations.INFO, null, null);
        assertTrue(log.contains("Without a display this command needs its options from a macro: run(\"Model Info\", \"model=...\")"), log);
    }
}
