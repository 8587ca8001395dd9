package org.scsefiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path dir;

    @Test
    void numbersTextAndMissingValues() throws Exception {
        CsvTable t = new CsvTable(List.of("name", "thickness_um", "n"));
        t.add("a,b", 12.5, 3).add("tiny", 5.75e-5, 1).add("say \"hi\"", Double.NaN, 0L).add(null, 1.0 / 3, -1);
        Path f = dir.resolve("sub/t.csv");
        t.write(f);
        assertEquals(List.of("name,thickness_um,n", "\"a,b\",12.5,3", "tiny,0.0000575,1", "\"say \"\"hi\"\"\",NaN,0", ",0.333333333,-1"), Files.readAllLines(f));
        assertEquals(1, Files.list(dir.resolve("sub")).count(), "no temporary file left");
        assertThrows(IllegalArgumentException.class, () -> t.add(1, 2));
    }
}
