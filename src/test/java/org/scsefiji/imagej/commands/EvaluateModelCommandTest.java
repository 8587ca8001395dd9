package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scsefiji.imagej.InstalledModels;
import org.scsefiji.imagej.TestFixtures;

class EvaluateModelCommandTest {
    @TempDir
    static Path dir;
    private static Context context;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TestFixtures.tinyModel(models.resolve("tiny.scse"));
        System.setProperty(InstalledModels.FOLDER_PROPERTY, models.toString());
        context = FijiMacro.context();
    }

    @AfterAll
    static void stop() {
        context.dispose();
        System.clearProperty(InstalledModels.FOLDER_PROPERTY);
    }

    /** The CSV holds the Dice of the labels Segment Image gives for the same images, counted here by hand. */
    @Test
    void writesPerClassDiceOfTheModelsOwnSegmentation() throws Exception {
        Path data = dir.resolve("labelled");
        TestFixtures.writePairs(data, data, 2, 37, 34, 20);
        Path csv = dir.resolve("scores/dice.csv");
        EvaluateModelCommand cmd = FijiMacro.run(context, EvaluateModelCommand.class, "model=tiny input_directory=[" + data
                + "] labels_directory=[] output_file=[" + csv + "] device=cpu tile_size=0", null);
        assertNull(cmd.failure());
        long[] tp = new long[3], truth = new long[3], predicted = new long[3];
        for (int i = 1; i <= 2; i++) {
            ImagePlus imp = IJ.openImage(data.resolve("cell" + i + ".tif").toString());
            ImagePlus gt = IJ.openImage(data.resolve("cell" + i + "_labels.tif").toString());
            SegmentImageCommand seg = FijiMacro.run(context, SegmentImageCommand.class,
                    "model=tiny device=cpu tile_size=0 label_image=true overlay=none roi_manager=false probabilities=false attention_maps=false", imp);
            for (int p = 0; p < gt.getProcessor().getPixelCount(); p++) {
                int t = gt.getProcessor().get(p), q = seg.labels.getProcessor().get(p);
                truth[t]++;
                predicted[q]++;
                if (t == q) tp[t]++;
            }
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("class,name,dice,truth_pixels,predicted_pixels", lines.get(0));
        assertEquals(4, lines.size());
        for (int c = 0; c < 3; c++) {
            String[] f = lines.get(c + 1).split(",");
            assertEquals(Integer.toString(c), f[0]);
            assertEquals(TestFixtures.CLASSES.get(c).name(), f[1]);
            assertEquals(truth[c], Long.parseLong(f[3]));
            assertEquals(predicted[c], Long.parseLong(f[4]));
            if (truth[c] + predicted[c] > 0) assertEquals(2.0 * tp[c] / (truth[c] + predicted[c]), Double.parseDouble(f[2]), 1e-6);
            else assertEquals("NaN", f[2]);
        }
        List<String> perImage = Files.readAllLines(dir.resolve("scores/dice_per_image.csv"));
        assertEquals("image,mean_foreground_dice,pixel_accuracy,dice_0,dice_1,dice_2,error", perImage.get(0));
        assertEquals(3, perImage.size());
        assertTrue(perImage.get(1).startsWith("cell1,") && perImage.get(1).endsWith(","), perImage.get(1));
    }

    @Test
    void aLabelImageOfTheWrongSizeFailsOnlyItsImage() throws Exception {
        Path data = dir.resolve("mismatch");
        TestFixtures.writePairs(data, data, 2, 32, 32, 30);
        IJ.save(TestFixtures.labelsFor(TestFixtures.image("x", 20, 20, 1)), data.resolve("cell2_labels.tif").toString());
        Path csv = dir.resolve("mismatch.csv");
        EvaluateModelCommand cmd = FijiMacro.run(context, EvaluateModelCommand.class, "model=tiny input_directory=[" + data
                + "] labels_directory=[" + data + "] output_file=[" + csv + "] device=cpu tile_size=0", null);
        assertNull(cmd.failure());
        assertEquals(1, cmd.evaluation.failures());
        String error = cmd.evaluation.images().get(1).error();
        assertTrue(error.contains("cell2_labels.tif: label image is 20 x 20 pixels but its image is 32 x 32"), error);
        assertEquals(32 * 32, cmd.evaluation.overall().matrix().total(), "only cell1 is counted");
    }
}
