package org.scsefiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;

/**
 * A process killed (SIGKILL) while it writes a model file leaves the previous complete file: the write
 * goes to a temporary file that is renamed only when complete. Repeats until a kill lands mid-write
 * (a temporary file is left behind), so the test proves that case and not just a kill between writes.
 */
class CheckpointKillTest {
    @Test
    void aKillDuringASaveLeavesALoadableCompleteModel(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("checkpoint.scse");
        boolean killedMidWrite = false;
        for (int attempt = 0; attempt < 4 && !killedMidWrite; attempt++) {
            int lastSaved = runAndKill(target, 2 + attempt);
            List<Path> leftovers = tempFiles(dir);
            killedMidWrite = !leftovers.isEmpty();
            int version = loadAndCheckOneVersion(target);
            assertTrue(version >= lastSaved, "file holds save " + version + ", but save " + lastSaved + " had completed");
            for (Path p : leftovers) Files.delete(p);
        }
        assertTrue(killedMidWrite, "no kill landed during a write in 4 attempts");
    }

    /** Starts the writer, waits for {@code saves} completed saves, kills it a moment later; returns the last reported save. */
    private static int runAndKill(Path target, int saves) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Xmx2g", CheckpointWriterProcess.class.getName(), target.toString());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        int last = 0;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("saved ")) last = Integer.parseInt(line.substring(6).trim());
                if (last >= saves) break;
            }
            assertTrue(last >= saves, "writer ended early: " + output);
            Thread.sleep(20 + 60L * saves % 170);
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        return last;
    }

    private static List<Path> tempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList());
        }
    }

    /** Loads the file and checks that every weight array comes from the same save; returns its number. */
    private static int loadAndCheckOneVersion(Path file) throws IOException {
        try (ScseModel m = ModelFile.load(file, Device.cpu())) {
            int version = Integer.parseInt(m.provenance().get("save"));
            for (Pair<String, Parameter> p : m.network().getParameters()) {
                assertEquals(version, p.getValue().getArray().toFloatArray()[0], 0, p.getKey());
            }
            return version;
        }
    }
}
