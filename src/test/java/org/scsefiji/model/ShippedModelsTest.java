package org.scsefiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scsefiji.eval.ModelEvaluation;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.data.ImagePair;

/**
 * The models in models/ as a user gets them: each loads, is small, has its card naming its classes, and
 * segments its demo sample reasonably: a floor that a broken model file, a changed normalisation or broken
 * inference falls through, well below what the model scores now; not a measure of quality (the cards
 * report validation).
 */
class ShippedModelsTest {
    private static final Path MODELS = Path.of("models");

    @ParameterizedTest
    @CsvSource({"oct-retinal-layers, oct-subject05-bscan28, 0.6", "nuclei, nuclei-00071198d059ba7f, 0.4"})
    void segmentsItsSampleAndHasACard(String name, String sample, double floor) throws IOException {
        Path file = MODELS.resolve(name + ModelFile.EXTENSION);
        assertTrue(Files.isRegularFile(file), file + " is shipped");
        assertTrue(Files.size(file) < 8L << 20, file + " fits in git: " + Files.size(file) + " bytes");
        Path card = MODELS.resolve(name + ".md");
        String text = Files.readString(card);
        try (ScseModel model = ModelFile.load(file, Device.cpu())) {
            for (ClassInfo c : model.spec().classes()) {
                assertTrue(text.contains(c.name()), card + " names class " + c.name());
            }
            ImagePair pair = new ImagePair(sample, MODELS.resolve("samples/" + sample + ".tif"),
                    MODELS.resolve("samples/" + sample + "_labels.tif"));
            ModelEvaluation e = ModelEvaluation.run(model, 0, List.of(pair), new ImageIoReader(), ProgressListener.NONE,
                    new CancelToken());
            assertEquals(0, e.failures());
            double dice = e.overall().meanForegroundDice();
            assertTrue(dice >= floor, name + " on its sample: mean foreground Dice " + dice);
        }
    }
}
