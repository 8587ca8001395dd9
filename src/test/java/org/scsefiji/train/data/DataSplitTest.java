package org.scsefiji.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataSplitTest {
    /** The 55 Duke names: subjects 1-5, 11 B-scans each. */
    private static List<ImagePair> octNames() {
        List<ImagePair> pairs = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            for (int b = 0; b < 11; b++) {
                String n = String.format("subject%02d_bscan%02d", s, 10 + 3 * b);
                Path p = Paths.get(n + ".tif");
                pairs.add(new ImagePair(n, p, Paths.get(n + "_labels.tif")));
            }
        }
        return pairs;
    }

    private static Set<String> names(List<ImagePair> pairs) {
        return pairs.stream().map(ImagePair::name).collect(Collectors.toSet());
    }

    @Test
    void aGroupPrefixTakesAWholeSubject() throws TrainingDataException {
        DataSplit s = DataSplit.byGroup(octNames(), List.of("subject05"));
        assertEquals(11, s.validation().size());
        assertEquals(44, s.training().size());
        assertTrue(s.validation().stream().allMatch(p -> p.name().startsWith("subject05_")));
        DataSplit two = DataSplit.byGroup(octNames(), List.of("subject04", "subject05"));
        assertEquals(22, two.validation().size());
    }

    @Test
    void aGroupMatchingNothingOrEverythingIsAnError() {
        TrainingDataException none = assertThrows(TrainingDataException.class, () -> DataSplit.byGroup(octNames(), List.of("patient7")));
        assertTrue(none.getMessage().contains("patient7") && none.getMessage().contains("subject01_bscan10"), none.getMessage());
        assertThrows(TrainingDataException.class, () -> DataSplit.byGroup(octNames(), List.of("subject")));
    }

    @Test
    void aFractionSplitsWholeFilesRepeatablyBySeed() throws TrainingDataException {
        DataSplit a = DataSplit.byFraction(octNames(), 0.2, 7);
        DataSplit b = DataSplit.byFraction(octNames(), 0.2, 7);
        DataSplit c = DataSplit.byFraction(octNames(), 0.2, 8);
        assertEquals(11, a.validation().size());
        assertEquals(names(a.validation()), names(b.validation()));
        assertNotEquals(names(a.validation()), names(c.validation()));
        Set<String> all = new HashSet<>(names(a.training()));
        all.addAll(names(a.validation()));
        assertEquals(55, all.size());
        assertTrue(names(a.training()).stream().noneMatch(names(a.validation())::contains));
    }

    @Test
    void aFractionNeedsTwoFilesAndLeavesOneForTraining() throws TrainingDataException {
        List<ImagePair> two = octNames().subList(0, 2);
        assertEquals(1, DataSplit.byFraction(two, 0.9, 1).training().size());
        TrainingDataException e = assertThrows(TrainingDataException.class, () -> DataSplit.byFraction(octNames().subList(0, 1), 0.2, 1));
        assertTrue(e.getMessage().contains("subject01_bscan10.tif") && e.getMessage().contains("validation_fraction=0"), e.getMessage());
    }
}
