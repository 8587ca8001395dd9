package org.scsefiji.updatesite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdaterChecksumTest {
    @TempDir
    Path dir;

    private static final byte[] CLASS_BYTES = randomBytes(7, 3000);
    private static final byte[] TEXT = "hello scSE\n".getBytes(StandardCharsets.UTF_8);

    /** The same logical jar as two builds would write it; only non-functional details differ. */
    private static Map<String, byte[]> build(String builtBy, String dateComment) {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("META-INF/", new byte[0]);
        e.put("META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\r\nBuilt-By: " + builtBy
                + "\r\nMain-Class: org.scsefiji.cli.Main\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        e.put("META-INF/maven/org.scsefiji/scSE_Fiji/", new byte[0]);
        e.put("META-INF/maven/org.scsefiji/scSE_Fiji/pom.properties",
                ("#Created by Apache Maven 3.8.7\n#" + dateComment + "\nversion=0.1.0\ngroupId=org.scsefiji\n")
                        .getBytes(StandardCharsets.US_ASCII));
        e.put("org/", new byte[0]);
        e.put("org/scsefiji/", new byte[0]);
        e.put("org/scsefiji/A.class", CLASS_BYTES);
        e.put("plugins.config", TEXT);
        return e;
    }

    @Test
    void jarChecksumIsStableAcrossRebuildsAndFollowsTheDocumentedRule() throws Exception {
        Path first = dir.resolve("first.jar");
        Path second = dir.resolve("second.jar");
        writeJar(first, build("alice", "Mon Nov 03 10:00:00 CET 2025"), 1_600_000_000_000L, true, false);
        writeJar(second, build("bob", "Sat Nov 22 14:00:00 UTC 2026"), 1_700_000_000_000L, false, true);
        assertFalse(Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(second)), "the builds differ as files");

        // Expected digest from the documented canonical form, built by hand.
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        List<String> names = new ArrayList<>(build("x", "y").keySet());
        names.sort(String::compareTo);
        for (String name : names) {
            sha1.update(name.getBytes(StandardCharsets.US_ASCII));
            if (name.equals("META-INF/MANIFEST.MF")) continue; // name only: upstream keeps no manifest line
            if (name.endsWith("pom.properties")) {
                sha1.update("\n\nversion=0.1.0\ngroupId=org.scsefiji\n".getBytes(StandardCharsets.US_ASCII));
            } else if (name.endsWith("A.class")) {
                sha1.update(CLASS_BYTES);
            } else if (name.equals("plugins.config")) {
                sha1.update(TEXT);
            }
        }
        String expected = UpdaterChecksum.hex(sha1.digest());

        assertEquals(expected, UpdaterChecksum.of("plugins/scSE_Fiji-0.1.0.jar", first));
        assertEquals(expected, UpdaterChecksum.of("plugins/scSE_Fiji-0.1.0.jar", second));
        assertEquals(expected, UpdaterChecksum.of("jars/elsewhere.jar", second), "the path of a jar is not hashed");
    }

    @Test
    void jarChecksumSeesRealChanges() throws Exception {
        Path original = dir.resolve("a.jar");
        writeJar(original, build("alice", "d"), 0L, true, false);
        Map<String, byte[]> changed = build("alice", "d");
        byte[] cls = CLASS_BYTES.clone();
        cls[100] ^= 1;
        changed.put("org/scsefiji/A.class", cls);
        Path modified = dir.resolve("b.jar");
        writeJar(modified, changed, 0L, true, false);
        Map<String, byte[]> property = build("alice", "d");
        property.put("META-INF/maven/org.scsefiji/scSE_Fiji/pom.properties",
                "#c\nversion=0.1.1\n".getBytes(StandardCharsets.US_ASCII));
        Path bumped = dir.resolve("c.jar");
        writeJar(bumped, property, 0L, true, false);

        String base = UpdaterChecksum.of("x.jar", original);
        assertNotEquals(base, UpdaterChecksum.of("x.jar", modified));
        assertNotEquals(base, UpdaterChecksum.of("x.jar", bumped));
    }

    @Test
    void plainFileChecksumIncludesThePath() throws Exception {
        Path file = dir.resolve("a.ijm");
        byte[] content = "print(\"hi\");\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);

        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update("macros/a.ijm".getBytes(StandardCharsets.US_ASCII));
        sha1.update(content);
        assertEquals(UpdaterChecksum.hex(sha1.digest()), UpdaterChecksum.of("macros/a.ijm", file));
        assertNotEquals(UpdaterChecksum.of("macros/a.ijm", file), UpdaterChecksum.of("macros/b.ijm", file));
        assertEquals(40, UpdaterChecksum.of("models/m.pt", file).length());
    }

    @Test
    void propertiesCommentsBecomeEmptyLinesWithUpstreamQuirks() {
        assertEquals("\nk=v\n", filtered("#date\nk=v\n"));
        assertEquals("\n\nk=v\n", filtered("#a\n#b\nk=v\n"));
        assertEquals("k=v\n", filtered("k=v\n#no newline at the end"));
        assertEquals("k=v\n\nx=1\n", filtered("k=v\n# a comment\nx=1\n"));
        assertEquals("k=v # not a comment\n", filtered("k=v # not a comment\n"));
        // An empty line, or a line of only '#', leaves upstream "not at a line start": the next '#' line stays.
        assertEquals("\n#kept\n", filtered("\n#kept\n"));
        assertEquals("\n#kept\n", filtered("#\n#kept\n"));
        assertEquals("\n#kept\n", filtered("##\n#kept\n"));
    }

    private static String filtered(String s) {
        return new String(UpdaterChecksum.withoutCommentLines(s.getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII);
    }

    static void writeJar(Path jar, Map<String, byte[]> entries, long time, boolean deflate, boolean reverse)
            throws IOException {
        List<String> names = new ArrayList<>(entries.keySet());
        if (reverse) java.util.Collections.reverse(names);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(9);
            for (String name : names) {
                byte[] data = entries.get(name);
                ZipEntry e = new ZipEntry(name);
                e.setTime(time);
                if (!deflate || name.endsWith("/")) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(data.length);
                    e.setCompressedSize(data.length);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(data);
                zip.closeEntry();
            }
        }
    }

    static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
