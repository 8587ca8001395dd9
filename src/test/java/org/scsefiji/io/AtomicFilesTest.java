package org.scsefiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesTheTextAndCreatesTheFolder() throws IOException {
        Path file = dir.resolve("new/folder/scores.csv");
        AtomicFiles.writeText(file, w -> w.append("a,b\n").append("1,2\n"));
        assertEquals("a,b\n1,2\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(List.of("scores.csv"), names(file.getParent()));
    }

    @Test
    void aFailingBodyLeavesNoFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("scores.csv");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeText(file, w -> {
            w.append("a,b\n".repeat(10_000)); // more than the writer's buffer: part of it reached the disk
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aFailingBodyLeavesTheOldFileAsItWas() throws IOException {
        Path file = Files.writeString(dir.resolve("scores.csv"), "old\n");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.writeText(file, w -> {
            w.append("new, half");
            throw new IllegalStateException("cancelled");
        }));
        assertEquals("old\n", Files.readString(file));
        assertEquals(List.of("scores.csv"), names(dir));
    }
}
