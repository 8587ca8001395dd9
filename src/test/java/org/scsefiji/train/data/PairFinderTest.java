package org.scsefiji.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairFinderTest {
    @TempDir
    Path dir;

    private Path touch(String relative) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "x");
        return f;
    }

    private static List<String> names(List<ImagePair> pairs) {
        return pairs.stream().map(p -> p.image().getFileName() + "+" + p.labels().getFileName()).collect(Collectors.toList());
    }

    @Test
    void oneFolderPairsXWithXLabelsAndIgnoresOtherFiles() throws IOException {
        touch("b.tif");
        touch("b_labels.tif");
        touch("a.tiff");
        touch("a_labels.png");
        touch("README.md");
        touch("index.csv");
        touch(".hidden.tif");
        List<ImagePair> pairs = PairFinder.find(dir, null);
        assertEquals(List.of("a.tiff+a_labels.png", "b.tif+b_labels.tif"), names(pairs));
        assertEquals("a", pairs.get(0).name());
        assertEquals(names(pairs), names(PairFinder.find(dir, dir)));
    }

    @Test
    void twoFoldersPairBySameNameOrLabelsSuffix() throws IOException {
        touch("img/x.tif");
        touch("img/y.tif");
        touch("lab/x.tif");
        touch("lab/y_labels.tif");
        assertEquals(List.of("x.tif+x.tif", "y.tif+y_labels.tif"), names(PairFinder.find(dir.resolve("img"), dir.resolve("lab"))));
    }

    @Test
    void everyUnpairedFileIsNamed() throws IOException {
        Path lonelyImage = touch("c.tif");
        Path lonelyLabel = touch("d_labels.tif");
        touch("e.tif");
        touch("e_labels.tif");
        TrainingDataException e = assertThrows(TrainingDataException.class, () -> PairFinder.find(dir, null));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(lonelyImage.toString()) && e.problems().get(0).contains("c_labels.tif"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith(lonelyLabel.toString()) && e.problems().get(1).contains("without an image"), e.getMessage());
    }

    @Test
    void twoFolderStrayLabelAndMissingLabelAreNamed() throws IOException {
        touch("img/x.tif");
        Path stray = touch("lab/z.tif");
        TrainingDataException e = assertThrows(TrainingDataException.class, () -> PairFinder.find(dir.resolve("img"), dir.resolve("lab")));
        assertTrue(e.getMessage().contains(dir.resolve("img/x.tif") + ": no label image"), e.getMessage());
        assertTrue(e.getMessage().contains(stray + ": label image without an image"), e.getMessage());
    }

    @Test
    void emptyOrMissingFolderAndAmbiguousNamesAreErrors() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        touch("empty/notes.txt");
        TrainingDataException empty = assertThrows(TrainingDataException.class, () -> PairFinder.find(dir.resolve("empty"), null));
        assertTrue(empty.getMessage().contains(dir.resolve("empty") + ": contains no images"), empty.getMessage());
        TrainingDataException missing = assertThrows(TrainingDataException.class, () -> PairFinder.find(dir.resolve("nope"), null));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        touch("amb/a.tif");
        touch("amb/a.png");
        touch("amb/a_labels.tif");
        TrainingDataException amb = assertThrows(TrainingDataException.class, () -> PairFinder.find(dir.resolve("amb"), null));
        assertTrue(amb.getMessage().contains("a.tif") && amb.getMessage().contains("same name"), amb.getMessage());
    }
}
