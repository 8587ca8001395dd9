package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledModelsTest {
    @TempDir
    Path dir;
    private Path models;

    @BeforeEach
    void folder() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        System.setProperty(InstalledModels.FOLDER_PROPERTY, models.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty(InstalledModels.FOLDER_PROPERTY);
    }

    @Test
    void listsModelsButNotCheckpointsHiddenOrOtherFiles() throws Exception {
        for (String f : List.of("OCT layers.scse", "nuclei.scse", "nuclei-checkpoint.scse", ".partial.scse", "readme.txt")) {
            Files.writeString(models.resolve(f), "x");
        }
        Files.createDirectories(models.resolve("folder.scse"));
        assertEquals(List.of("nuclei", "OCT layers"), InstalledModels.names());
    }

    @Test
    void resolvesNamesAndPathsAndSaysWhatIsInstalled() throws Exception {
        Path nuclei = Files.writeString(models.resolve("nuclei.scse"), "x");
        Path elsewhere = Files.writeString(dir.resolve("mine.scse"), "x");
        assertEquals(nuclei, InstalledModels.resolve("nuclei"));
        assertEquals(nuclei, InstalledModels.resolve(" nuclei "));
        assertEquals(elsewhere, InstalledModels.resolve(elsewhere.toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstalledModels.resolve("cells"));
        assertEquals("No model named 'cells'. Installed models (in " + models + "): nuclei; or give the path of a model file (.scse).",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InstalledModels.resolve(""));
        assertTrue(e.getMessage().startsWith("No model chosen. Installed models"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InstalledModels.resolve(dir.toString()));
        assertTrue(e.getMessage().endsWith("is a folder; give a model file (.scse) or a bioimage.io package (.zip, or a folder with rdf.yaml)"),
                e.getMessage());
    }

    @Test
    void newModelsGoToTheModelsFolderByName() {
        assertEquals(models.resolve("my cells.scse"), InstalledModels.target("my cells"));
        assertEquals(models.resolve("a.scse"), InstalledModels.target("a.scse"));
        assertEquals(dir.resolve("out/b.scse"), InstalledModels.target(dir.resolve("out/b").toString()));
        assertThrows(IllegalArgumentException.class, () -> InstalledModels.target(" "));
    }
}
