package org.scsefiji.updatesite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCheckTest {
    @TempDir
    Path stage;

    /** Class-file-like bytes whose constant pool names {@code referenced}. */
    private static byte[] classNaming(String referenced) {
        return ("\u00ca\u00fe\u00ba\u00be....L" + referenced + ";....").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void jar(Path file, Map<String, byte[]> entries) throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    @Test
    void aCleanStageHasNoProblems() throws Exception {
        jar(stage.resolve("plugins/scSE_Fiji-0.1.0.jar"), Map.of("plugins.config", new byte[] {'x'},
                "org/scsefiji/imagej/A.class", classNaming("org/scsefiji/engine/TorchEngine")));
        jar(stage.resolve("jars/api-0.35.1.jar"), Map.of("ai/djl/A.class", classNaming("ai/djl/B")));
        AutomaticModuleNames.repair(AutomaticModuleNamesTest.djlStyleNativeJar(stage.resolve("jars/linux64"),
                AutomaticModuleNamesTest.DJL_NAME));
        assertEquals(List.of(), StageCheck.check(stage));
    }

    @Test
    void toolingInThePluginJarAndUnbootableNativesAreEachNamed() throws Exception {
        jar(stage.resolve("plugins/scSE_Fiji-0.1.0.jar"), Map.of(
                "org/scsefiji/bench/Benchmark.class", classNaming("java/lang/Object"),
                "org/scsefiji/imagej/A.class", classNaming("org/scsefiji/cli/Main"),
                "org/scsefiji/imagej/B.class", classNaming("org/scsefiji/engine/TorchEngine")));
        AutomaticModuleNamesTest.djlStyleNativeJar(stage.resolve("jars/win64"), "ai.djl.pytorch_native_cpu_win-x86_64");
        List<String> problems = StageCheck.check(stage);
        String all = String.join("\n", problems);
        assertTrue(all.contains("contains tooling org/scsefiji/bench/Benchmark.class"), all);
        assertTrue(all.contains("org/scsefiji/imagej/A.class refers to org/scsefiji/cli/"), all);
        assertTrue(!all.contains("B.class"), all);
        assertTrue(all.contains("pytorch-native-cpu-2.7.1.jar: not loadable from the module path")
                && all.contains("not a Java identifier"), all);
        assertTrue(all.contains("java --module-path=" + stage.resolve("jars/win64") + " -version fails"), all);
        assertEquals(5, problems.size(), all); // bench class, A.class, the jar, two JVM starts
    }
}
