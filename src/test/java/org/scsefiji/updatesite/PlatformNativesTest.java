package org.scsefiji.updatesite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.export.TinyOnnxModels;

class PlatformNativesTest {
    @TempDir
    Path dir;

    static final String[] CLASSES = {"ai/onnxruntime/OrtEnvironment.class", "ai/onnxruntime/providers/OrtCUDAProviderOptions.class"};

    /** A jar laid out like ONNX Runtime's: classes, notices, and natives of three platforms with debug symbols. */
    static Path ortStyleJar(Path folder) throws Exception {
        Files.createDirectories(folder);
        Path jar = folder.resolve("onnxruntime-1.22.0.jar");
        byte[] library = new byte[200_000];
        new Random(5).nextBytes(library);
        for (int i = 0; i < library.length; i += 2) library[i] = 0;
        byte[] text = "notice\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            AutomaticModuleNamesTest.put(zip, "META-INF/MANIFEST.MF",
                    "Manifest-Version: 1.0\r\nAutomatic-Module-Name: com.microsoft.onnxruntime\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    ZipEntry.DEFLATED);
            for (String c : CLASSES) AutomaticModuleNamesTest.put(zip, c, text, ZipEntry.DEFLATED);
            AutomaticModuleNamesTest.put(zip, "ai/onnxruntime/native/", new byte[0], ZipEntry.DEFLATED);
            AutomaticModuleNamesTest.put(zip, "ai/onnxruntime/native/linux-x64/", new byte[0], ZipEntry.DEFLATED);
            AutomaticModuleNamesTest.put(zip, "ai/onnxruntime/native/linux-x64/libonnxruntime.so", library, ZipEntry.DEFLATED);
            AutomaticModuleNamesTest.put(zip, "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so", text, ZipEntry.STORED);
            AutomaticModuleNamesTest.put(zip, "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib", library, ZipEntry.DEFLATED);
            AutomaticModuleNamesTest.put(zip, "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib.dSYM/", new byte[0], ZipEntry.DEFLATED);
            AutomaticModuleNamesTest.put(zip, "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib.dSYM/Contents/Info.plist", text,
                    ZipEntry.DEFLATED);
            AutomaticModuleNamesTest.put(zip, "ai/onnxruntime/native/win-x64/onnxruntime.dll", library, ZipEntry.DEFLATED);
            AutomaticModuleNamesTest.put(zip, "ai/onnxruntime/native/win-x64/onnxruntime.pdb", library, ZipEntry.DEFLATED);
            AutomaticModuleNamesTest.put(zip, "ThirdPartyNotices.txt", text, ZipEntry.DEFLATED);
        }
        return jar;
    }

    @Test
    void eachPlatformKeepsTheClassesAndOnlyItsOwnNativesCopiedRaw() throws Exception {
        Path linux = ortStyleJar(dir.resolve("jars/linux64"));
        Path mac = ortStyleJar(dir.resolve("jars/macos-arm64"));
        Path win = ortStyleJar(dir.resolve("jars/win64"));
        List<String[]> before = AutomaticModuleNamesTest.entries(linux);

        assertTrue(PlatformNatives.keepOnly(linux, "linux64"));
        assertTrue(PlatformNatives.keepOnly(mac, "macos-arm64"));
        assertTrue(PlatformNatives.keepOnly(win, "win64"));

        List<String[]> after = AutomaticModuleNamesTest.entries(linux);
        List<String[]> expected = before.stream().filter(e -> !e[0].startsWith("ai/onnxruntime/native/")
                || e[0].equals("ai/onnxruntime/native/") || e[0].startsWith("ai/onnxruntime/native/linux-x64/")).collect(Collectors.toList());
        assertEquals(names(expected), names(after));
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), after.get(i), "entry " + expected.get(i)[0] + ": same method, compressed size, CRC, bytes");
        }
        assertEquals(List.of("ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib"), nativeFiles(mac), "no .dSYM debug symbols");
        assertEquals(List.of("ai/onnxruntime/native/win-x64/onnxruntime.dll"), nativeFiles(win), "no .pdb debug symbols");
        for (Path jar : List.of(linux, mac, win)) {
            for (String c : CLASSES) assertTrue(names(AutomaticModuleNamesTest.entries(jar)).contains(c), jar + " keeps " + c);
        }
        assertEquals("com.microsoft.onnxruntime", AutomaticModuleNames.declaredName(win));

        byte[] cut = Files.readAllBytes(linux);
        assertFalse(PlatformNatives.keepOnly(linux, "linux64"), "a cut jar is left alone");
        assertArrayEquals(cut, Files.readAllBytes(linux));
        assertTrue(StageCheck.check(dir).isEmpty(), () -> String.join("\n", uncheckedProblems(dir)));
    }

    @Test
    void unknownPlatformsAndMissingNativesAreRefusedByNameAndOtherJarsLeftAlone() throws Exception {
        Path intelMac = ortStyleJar(dir.resolve("jars/macos64"));
        IOException e = assertThrows(IOException.class, () -> PlatformNatives.keepOnly(intelMac, "macos64"));
        assertTrue(e.getMessage().contains(intelMac.toString()) && e.getMessage().contains("macos64"), e.getMessage());
        Path arm = ortStyleJar(dir.resolve("jars/linux-arm64"));
        e = assertThrows(IOException.class, () -> PlatformNatives.keepOnly(arm, "linux-arm64"));
        assertTrue(e.getMessage().contains(arm.toString()) && e.getMessage().contains("linux-aarch64"), e.getMessage());

        Path djl = AutomaticModuleNamesTest.djlStyleNativeJar(dir.resolve("jars/win64"), "ai.djl.pytorch_native_cpu_win_x86_64");
        byte[] bytes = Files.readAllBytes(djl);
        assertFalse(PlatformNatives.keepOnly(djl, "win64"), "no ONNX Runtime natives: nothing to cut");
        assertArrayEquals(bytes, Files.readAllBytes(djl));
    }

    @Test
    void theStageCheckRefusesAllPlatformNativesInJarsAndClassesInTwoPlaces() throws Exception {
        Path whole = ortStyleJar(dir.resolve("jars"));
        Path linux = ortStyleJar(dir.resolve("jars/linux64"));
        Path mac = ortStyleJar(dir.resolve("jars/macos-arm64"));
        PlatformNatives.keepOnly(linux, "linux64");
        List<String> problems = StageCheck.check(dir);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("jars/onnxruntime-1.22.0.jar holds ") && p.contains("every platform")),
                String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("package ai.onnxruntime is in both jars/onnxruntime-1.22.0.jar and "
                + "jars/linux64/onnxruntime-1.22.0.jar")), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("jars/macos-arm64/onnxruntime-1.22.0.jar holds natives of other platforms")),
                String.join("\n", problems));
        Files.delete(whole);
        PlatformNatives.keepOnly(mac, "macos-arm64");
        assertEquals(List.of(), StageCheck.check(dir));
    }

    /**
     * The real ONNX Runtime jar, cut for this machine's Fiji platform as the site build does, runs an ONNX model in a
     * JVM that has no other ONNX Runtime: on the class path (ImageJ 1, -cp) and resolved as a named module
     * (Fiji's launcher, --module-path with ALL-MODULE-PATH).
     */
    @Test
    void theCutRealJarRunsAnOnnxModelOnItsOwn() throws Exception {
        String platform = hostPlatform();
        assumeTrue(platform != null, "skipped: no staged ONNX Runtime natives for " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"));
        Path real = Paths.get(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path folder = Files.createDirectories(dir.resolve("jars").resolve(platform));
        Path jar = Files.copy(real, folder.resolve(real.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        assertTrue(PlatformNatives.keepOnly(jar, platform));
        assertTrue(Files.size(jar) < Files.size(real) / 5, "cut to " + Files.size(jar) + " of " + Files.size(real) + " bytes");
        assertEquals(List.of(), PlatformNatives.foreignNatives(jar, platform));

        Path model = Files.write(dir.resolve("scaled-relu.onnx"), TinyOnnxModels.scaledRelu());
        float[] x = {1.5f, -0.75f, -4f, 2f};
        StringBuilder expected = new StringBuilder("output");
        for (int i = 0; i < x.length; i++) expected.append(' ').append(Math.max(0f, x[i] * TinyOnnxModels.SCALE[i] + TinyOnnxModels.SHIFT[i]));
        String testClasses = Paths.get(OrtModelProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> probe = new ArrayList<>(List.of(OrtModelProbe.class.getName(), model.toString(), TinyOnnxModels.INPUT,
                TinyOnnxModels.OUTPUT));
        for (float v : x) probe.add(Float.toString(v));

        List<String> classPath = run(List.of("-cp", jar + File.pathSeparator + testClasses), probe);
        assertTrue(classPath.contains("ort-jar " + jar.toUri().toURL()), String.join("\n", classPath));
        assertTrue(classPath.contains(expected.toString()), "expected " + expected + ":\n" + String.join("\n", classPath));

        List<String> modulePath = run(List.of("--module-path=" + folder, "--add-modules=ALL-MODULE-PATH",
                "-cp", jar + File.pathSeparator + testClasses), probe);
        assertTrue(modulePath.contains("ort-module com.microsoft.onnxruntime"), String.join("\n", modulePath));
        assertTrue(modulePath.contains(expected.toString()), "expected " + expected + ":\n" + String.join("\n", modulePath));
    }

    /** This machine's Fiji platform folder, if the stage has ONNX Runtime natives for it. */
    private static String hostPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux")) return x64 ? "linux64" : arm ? "linux-arm64" : null;
        if (os.contains("mac")) return arm ? "macos-arm64" : null;
        if (os.contains("win")) return x64 ? "win64" : null;
        return null;
    }

    /** Runs the probe in a fresh JVM (own temp folder, so the natives come from the jar) and returns its output lines. */
    private List<String> run(List<String> flags, List<String> probe) throws Exception {
        Path tmp = Files.createTempDirectory(dir, "tmp");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + tmp);
        command.addAll(flags);
        command.addAll(probe);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out.lines().collect(Collectors.toList());
    }

    private static List<String> uncheckedProblems(Path stage) {
        try {
            return StageCheck.check(stage);
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    private static List<String> nativeFiles(Path jar) throws Exception {
        return names(AutomaticModuleNamesTest.entries(jar)).stream().filter(n -> n.startsWith("ai/onnxruntime/native/") && !n.endsWith("/"))
                .collect(Collectors.toList());
    }

    private static List<String> names(List<String[]> entries) {
        return entries.stream().map(e -> e[0]).collect(Collectors.toList());
    }
}
