package org.scsefiji.updatesite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutomaticModuleNamesTest {
    @TempDir
    Path dir;

    static final String DJL_NAME = "ai.djl.pytorch_native_cpu_linux-x86_64";
    static final byte[] PROPERTIES = "placeholder=cpu\nversion=2.7.1\n".getBytes(StandardCharsets.US_ASCII);

    /** A jar laid out like DJL's pytorch-native-cpu: its manifest name, native/lib/ and pytorch/cpu/&lt;os&gt;/. */
    static Path djlStyleNativeJar(Path folder, String automaticModuleName) throws Exception {
        Files.createDirectories(folder);
        Path jar = folder.resolve("pytorch-native-cpu-2.7.1.jar");
        byte[] library = new byte[300_000];
        new Random(3).nextBytes(library);
        for (int i = 0; i < library.length; i += 3) library[i] = 0; // compressible, so DEFLATED differs from STORED
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            put(zip, "META-INF/", new byte[0], ZipEntry.DEFLATED);
            put(zip, "META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\r\n" + (automaticModuleName == null ? ""
                    : "Automatic-Module-Name: " + automaticModuleName + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII),
                    ZipEntry.DEFLATED);
            put(zip, "pytorch/", new byte[0], ZipEntry.DEFLATED);
            put(zip, "pytorch/cpu/linux-x86_64/libtorch_cpu.so", library, ZipEntry.DEFLATED);
            put(zip, "pytorch/cpu/linux-x86_64/libc10.so", PROPERTIES, ZipEntry.STORED);
            put(zip, "native/lib/pytorch.properties", PROPERTIES, ZipEntry.DEFLATED);
        }
        return jar;
    }

    static void put(ZipOutputStream zip, String name, byte[] content, int method) throws Exception {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(method);
        e.setTime(1_700_000_000_000L);
        if (method == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(content);
            e.setSize(content.length);
            e.setCompressedSize(content.length);
            e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
    }

    @Test
    void aDjlNativeJarBootsFromTheModulePathAfterRepairAndKeepsItsContentAndChecksum() throws Exception {
        Path platform = dir.resolve("jars/linux64");
        Path jar = djlStyleNativeJar(platform, DJL_NAME);
        String reason = StageCheck.moduleProblem(jar);
        assertTrue(reason != null && reason.contains("not a Java identifier"), "the unrepaired jar is refused: " + reason);
        assertNotNull(StageCheck.bootProblem(List.of("--module-path=" + platform)), "and the JVM does not boot");
        String checksum = UpdaterChecksum.ofJar(jar);
        List<String[]> before = entries(jar);

        assertTrue(AutomaticModuleNames.repair(jar));

        assertEquals("ai.djl.pytorch_native_cpu_linux_x86_64", AutomaticModuleNames.declaredName(jar));
        assertNull(StageCheck.moduleProblem(jar));
        assertNull(StageCheck.bootProblem(List.of("--module-path=" + platform)));
        assertNull(StageCheck.bootProblem(List.of("--module-path=" + platform, "--add-modules=ALL-MODULE-PATH")));
        assertEquals(checksum, UpdaterChecksum.ofJar(jar), "the updater checksum ignores the manifest");
        List<String[]> after = entries(jar);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i)[0].equals(UpdaterChecksum.MANIFEST)) continue;
            assertArrayEquals(before.get(i), after.get(i), "entry " + before.get(i)[0] + ": same name, order, method, bytes");
        }
        assertFalse(AutomaticModuleNames.repair(jar), "a legal name is left alone");
    }

    @Test
    void theNativesStayFindableByResourcePathWhenTheJarIsResolvedAsAModule() throws Exception {
        Path platform = dir.resolve("jars/linux64");
        AutomaticModuleNames.repair(djlStyleNativeJar(platform, DJL_NAME));
        // DJL looks up native/lib/pytorch.properties and pytorch/cpu/<os>/ as resources; neither is a legal
        // package name, so the module does not encapsulate them.
        ModuleFinder finder = ModuleFinder.of(platform);
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(),
                Set.of("ai.djl.pytorch_native_cpu_linux_x86_64"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
        ClassLoader loader = layer.findLoader("ai.djl.pytorch_native_cpu_linux_x86_64");
        try (InputStream in = loader.getResourceAsStream("native/lib/pytorch.properties")) {
            assertNotNull(in);
            assertArrayEquals(PROPERTIES, in.readAllBytes());
        }
        assertNotNull(loader.getResource("pytorch/cpu/linux-x86_64/libtorch_cpu.so"));
    }

    @Test
    void namesOnlyCharacterReplacementCannotFixAreRefusedByName() throws Exception {
        assertEquals("a.b_c.d", AutomaticModuleNames.legalized("a.b-c.d"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutomaticModuleNames.legalized("ai.djl.native.cpu"));
        assertTrue(e.getMessage().contains("ai.djl.native.cpu"), e.getMessage());
        Path jar = djlStyleNativeJar(dir.resolve("k"), "ai.djl.native.cpu-x");
        Exception io = assertThrows(java.io.IOException.class, () -> AutomaticModuleNames.repair(jar));
        assertTrue(io.getMessage().contains(jar.toString()), io.getMessage());
    }

    @Test
    void aJarWithoutTheAttributeIsLeftAloneAndTheCheckNamesWhyItFails() throws Exception {
        Path jar = djlStyleNativeJar(dir.resolve("plain"), null);
        byte[] bytes = Files.readAllBytes(jar);
        assertFalse(AutomaticModuleNames.repair(jar));
        assertArrayEquals(bytes, Files.readAllBytes(jar));
        // The file-derived name pytorch.native.cpu holds the keyword 'native'.
        String reason = StageCheck.moduleProblem(jar);
        assertTrue(reason != null && reason.contains("native"), reason);
    }

    /** name, method, compressed size, CRC and content of every entry, in file order. */
    static List<String[]> entries(Path jar) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    out.add(new String[] {e.getName(), Integer.toString(e.getMethod()), Long.toString(e.getCompressedSize()),
                            Long.toString(e.getCrc()), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)});
                }
            }
        }
        return out;
    }
}
