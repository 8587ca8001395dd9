package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scsefiji.imagej.InstalledModels;
import org.scsefiji.imagej.TestFixtures;

class ModelInfoCommandTest {
    @TempDir
    static Path dir;
    private static Context context;
    private static Path model;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        model = TestFixtures.tinyModel(models.resolve("tiny.scse"));
        System.setProperty(InstalledModels.FOLDER_PROPERTY, models.toString());
        context = FijiMacro.context();
    }

    @AfterAll
    static void stop() {
        context.dispose();
        System.clearProperty(InstalledModels.FOLDER_PROPERTY);
    }

    @Test
    void describesNetworkClassesAndSizeByNameOrPath() throws Exception {
        ModelInfoCommand byName = FijiMacro.run(context, ModelInfoCommand.class, "model=tiny", null);
        assertNull(byName.failure());
        String d = byName.description;
        assertTrue(d.contains("network: unet se_block=scse aggregation=max positions=[P5] reduction=2"), d);
        assertTrue(d.contains("    1 nucleus #ff0000"), d);
        assertTrue(d.contains("    0 background #000000 (background)"), d);
        assertTrue(d.matches("(?s).*parameters: \\d+ \\(SE blocks: \\d+, SE weights: \\d+\\).*"), d);
        assertTrue(d.contains("created: test fixture"), d);
        ModelInfoCommand byPath = FijiMacro.run(context, ModelInfoCommand.class, "model=[" + model + "]", null);
        assertEquals(d, byPath.description);
        Path notAModel = Files.writeString(dir.resolve("notes.scse"), "hello");
        ModelInfoCommand bad = FijiMacro.run(context, ModelInfoCommand.class, "model=[" + notAModel + "]", null);
        assertTrue(bad.failure().contains("is not a scSE model file"), bad.failure());
    }
}
