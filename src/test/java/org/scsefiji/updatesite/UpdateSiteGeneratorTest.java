package org.scsefiji.updatesite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateSiteGeneratorTest {
    private static final long T1 = 20260101120000L;
    private static final long T2 = 20260201120000L;
    private static final long T3 = 20260301120000L;

    @TempDir
    Path dir;
    private Path stage;
    private Path site;

    @BeforeEach
    void stageFijiTree() throws IOException {
        stage = dir.resolve("stage");
        site = dir.resolve("site");
        writeJar("plugins/scSE_Test-0.1.0.jar", 1);
        writeJar("jars/lib-1.0.jar", 2);
        writeJar("jars/linux64/native-1.0.jar", 3);
        write("models/unet.pt", "weights v1");
        write("macros/segment.ijm", "run(\"About scSE-Fiji\");\n");
        write("models/.gitkeep", "");
    }

    @Test
    void firstGenerationCopiesEveryFileAndDescribesIt() throws Exception {
        UpdateSiteGenerator.Result r = UpdateSiteGenerator.generate(stage, site, T1, UpdateSiteIndex.empty());

        assertEquals(5, r.added.size(), r.added.toString());
        UpdateSiteIndex index = UpdateSiteIndex.read(site.resolve("db.xml.gz"));
        assertEquals(5, index.records().size());
        for (FileRecord f : index.records()) {
            Path copy = site.resolve(f.filename + "-" + T1);
            assertTrue(Files.isRegularFile(copy), copy.toString());
            assertArrayEquals(Files.readAllBytes(stage.resolve(f.filename)), Files.readAllBytes(copy));
            assertEquals(Files.size(copy), f.version.filesize);
            assertEquals(UpdaterChecksum.of(f.filename, copy), f.version.checksum);
            assertEquals(T1, f.version.timestamp);
            assertTrue(f.previous.isEmpty());
        }
        assertNull(index.find("models/.gitkeep"), "dot-files are not published");

        FileRecord plugin = index.find("plugins/scSE_Test.jar");
        assertEquals(Collections.singletonList("Segmentation"), plugin.categories);
        assertEquals(Collections.singletonList("jars/lib.jar"),
                plugin.version.dependencies.stream().map(d -> d.filename).collect(Collectors.toList()),
                "platform-independent libraries only, version-free");
        assertEquals(T1, plugin.version.dependencies.get(0).timestamp);
        assertEquals(Collections.singletonList("linux64"), index.find("jars/linux64/native.jar").platforms);
        assertTrue(index.find("jars/lib.jar").platforms.isEmpty());
        UpdateSiteIndexTest.validateStrictly(UpdateSiteIndexTest.gunzip(site.resolve("db.xml.gz")));
    }

    @Test
    void secondGenerationCarriesTheChangedFileAsPreviousVersionAndLeavesTheRestAlone() throws IOException {
        UpdateSiteGenerator.generate(stage, site, T1, UpdateSiteIndex.empty());
        FileRecord macroBefore = UpdateSiteIndex.read(site.resolve("db.xml.gz")).find("macros/segment.ijm");
        byte[] firstIndex = Files.readAllBytes(site.resolve("db.xml.gz"));

        write("macros/segment.ijm", "run(\"About scSE-Fiji\");\nprint(\"v2\");\n");
        writeJar("plugins/scSE_Test-0.1.0.jar", 1); // rebuilt with new timestamps: same updater checksum
        UpdateSiteGenerator.Result r = UpdateSiteGenerator.generate(stage, site, T2,
                UpdateSiteIndex.read(site.resolve("db.xml.gz")));

        assertEquals(Collections.singletonList("macros/segment.ijm"), r.updated);
        assertEquals(4, r.unchanged.size());
        assertTrue(r.added.isEmpty() && r.removed.isEmpty());
        UpdateSiteIndex index = UpdateSiteIndex.read(site.resolve("db.xml.gz"));
        FileRecord macro = index.find("macros/segment.ijm");
        assertEquals(T2, macro.version.timestamp);
        assertEquals(1, macro.previous.size());
        FileRecord.PreviousVersion p = macro.previous.get(0);
        assertEquals(macroBefore.version.checksum, p.checksum);
        assertEquals(T1, p.timestamp);
        assertEquals(T2, p.timestampObsolete);
        assertEquals("macros/segment.ijm", p.filename);

        for (String unchanged : r.unchanged) {
            assertEquals(T1, index.find(unchanged).version.timestamp, unchanged);
            assertFalse(Files.exists(site.resolve(unchanged + "-" + T2)), "no new copy of " + unchanged);
        }
        assertEquals(Collections.singletonList("macros/segment.ijm-" + T2), filesStampedWith(T2));
        assertArrayEquals(firstIndex, Files.readAllBytes(site.resolve("db.xml.gz.old")));
    }

    @Test
    void aNewReleaseOfAVersionedJarReplacesItsRecordAndRemembersTheOldName() throws IOException {
        UpdateSiteGenerator.generate(stage, site, T1, UpdateSiteIndex.empty());
        String oldChecksum = UpdateSiteIndex.read(site.resolve("db.xml.gz")).find("jars/lib.jar").version.checksum;
        Files.delete(stage.resolve("jars/lib-1.0.jar"));
        writeJar("jars/lib-1.1.jar", 22);

        UpdateSiteGenerator.Result r = UpdateSiteGenerator.generate(stage, site, T2,
                UpdateSiteIndex.read(site.resolve("db.xml.gz")));

        assertEquals(Collections.singletonList("jars/lib-1.1.jar"), r.updated);
        assertTrue(r.removed.isEmpty());
        UpdateSiteIndex index = UpdateSiteIndex.read(site.resolve("db.xml.gz"));
        assertEquals(5, index.records().size());
        FileRecord lib = index.find("jars/lib.jar");
        assertEquals("jars/lib-1.1.jar", lib.filename);
        assertEquals(oldChecksum, lib.previous.get(0).checksum);
        assertEquals("jars/lib-1.0.jar", lib.previous.get(0).filename);
    }

    @Test
    void aRemovedFileBecomesAnObsoleteRecordThatKeepsItsHistory() throws IOException {
        UpdateSiteGenerator.generate(stage, site, T1, UpdateSiteIndex.empty());
        write("models/unet.pt", "weights v2");
        UpdateSiteGenerator.generate(stage, site, T2, UpdateSiteIndex.read(site.resolve("db.xml.gz")));
        FileRecord before = UpdateSiteIndex.read(site.resolve("db.xml.gz")).find("models/unet.pt");
        Files.delete(stage.resolve("models/unet.pt"));

        UpdateSiteGenerator.Result r = UpdateSiteGenerator.generate(stage, site, T3,
                UpdateSiteIndex.read(site.resolve("db.xml.gz")));

        assertEquals(Collections.singletonList("models/unet.pt"), r.removed);
        FileRecord gone = UpdateSiteIndex.read(site.resolve("db.xml.gz")).find("models/unet.pt");
        assertTrue(gone.isObsolete());
        assertEquals(2, gone.previous.size(), "v1 and v2 stay recognisable");
        assertEquals(before.previous.get(0).checksum, gone.previous.get(0).checksum);
        FileRecord.PreviousVersion last = gone.previous.get(1);
        assertEquals(before.version.checksum, last.checksum);
        assertEquals(T2, last.timestamp);
        assertEquals(T3, last.timestampObsolete);

        // A later generation keeps the obsolete record as it is.
        UpdateSiteGenerator.generate(stage, site, T3 + 1, UpdateSiteIndex.read(site.resolve("db.xml.gz")));
        FileRecord still = UpdateSiteIndex.read(site.resolve("db.xml.gz")).find("models/unet.pt");
        assertTrue(still.isObsolete());
        assertEquals(2, still.previous.size());
    }

    @Test
    void mainReadsHistoryFromTheSiteAndRefusesATimeBeforeIt() throws IOException {
        String[] args = {"--stage", stage.toString(), "--site", site.toString(), "--timestamp", Long.toString(T2)};
        UpdateSiteGenerator.main(args);
        assertTrue(Files.exists(site.resolve("plugins/scSE_Test-0.1.0.jar-" + T2)));
        String[] older = {"--stage", stage.toString(), "--site", site.toString(), "--timestamp", Long.toString(T1)};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateSiteGenerator.main(older));
        assertTrue(e.getMessage().contains("not later"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UpdateSiteGenerator.parseTimestamp("20261332000000"));
        assertThrows(IllegalArgumentException.class, () -> UpdateSiteGenerator.main(new String[] {"--stage", "x"}));
    }

    @Test
    void twoVersionsOfOneFileInTheStageAreRefused() throws IOException {
        writeJar("jars/lib-2.0.jar", 5);
        IOException e = assertThrows(IOException.class,
                () -> UpdateSiteGenerator.generate(stage, site, T1, UpdateSiteIndex.empty()));
        assertTrue(e.getMessage().contains("jars/lib-1.0.jar") && e.getMessage().contains("jars/lib-2.0.jar"));
    }

    private List<String> filesStampedWith(long t) throws IOException {
        try (Stream<Path> walk = Files.walk(site)) {
            return walk.filter(Files::isRegularFile).map(p -> site.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith("-" + t)).sorted().collect(Collectors.toList());
        }
    }

    private void write(String path, String content) throws IOException {
        Path file = stage.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A small jar whose content depends on {@code seed}; each call uses a new entry time. */
    private void writeJar(String path, long seed) throws IOException {
        Path file = stage.resolve(path);
        Files.createDirectories(file.getParent());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\nBuilt-By: " + System.nanoTime() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        entries.put("x/Y.class", UpdaterChecksumTest.randomBytes(seed, 500));
        UpdaterChecksumTest.writeJar(file, entries, System.currentTimeMillis(), true, false);
    }
}
