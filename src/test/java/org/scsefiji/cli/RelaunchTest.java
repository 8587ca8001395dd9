package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.scsefiji.engine.OneMallocArena;

/** The command line's relaunch with one malloc arena, in real child JVMs. */
class RelaunchTest {
    /** A stand-in for Main: relaunches itself, then prints the variable it runs with and exits with args[0]. */
    public static final class Probe {
        public static void main(String[] args) {
            OptionalInt relaunched = Relaunch.withOneMallocArena(Probe.class, args);
            if (relaunched.isPresent()) System.exit(relaunched.getAsInt());
            System.out.println("arena=" + System.getenv(OneMallocArena.VARIABLE) + " args=" + String.join(",", args));
            System.exit(Integer.parseInt(args[0]));
        }
    }

    private static String[] run(String... jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(), "3", "a b"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(OneMallocArena.VARIABLE);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new String[] {out, Integer.toString(p.waitFor())};
    }

    @Test
    void theChildRunsWithOneArenaTheSameArgumentsAndGivesItsExitCode() throws Exception {
        assumeTrue(Platform.isLinux(), "glibc's arenas: Linux only");
        String[] r = run("-Dscse.test=1");
        assertEquals("arena=1 args=3,a b", r[0]);
        assertEquals("3", r[1]);
    }

    @Test
    void switchedOffItRunsInPlace() throws Exception {
        assumeTrue(Platform.isLinux(), "glibc's arenas: Linux only");
        for (String off : new String[] {"-D" + OneMallocArena.RELAUNCH + "=false", "-Dscse.mallocTuning=false"}) {
            String[] r = run(off);
            assertEquals("arena=null args=3,a b", r[0], off);
            assertEquals("3", r[1]);
        }
    }
}
