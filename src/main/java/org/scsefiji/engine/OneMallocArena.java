package org.scsefiji.engine;

import com.sun.jna.Platform;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Whether the process runs with one glibc malloc arena ({@code MALLOC_ARENA_MAX=1}), and whether it should.
 *
 * <p>Why: glibc gives every thread but the process's first its own arena, whose heaps hold at most 64 MB, so on
 * such a thread every larger array is mapped for itself and unmapped when freed, whatever M_MMAP_MAX says; its
 * pages are faulted in and zeroed again by the next operation. A JVM never computes on the process's first thread,
 * so a libtorch forward on a 1280 x 1280 tile mapped and unmapped 13.5 GB in 74 such arrays (strace). With one
 * arena, all threads allocate from the process's main heap, which our {@link MallocTuning} keeps: measured with
 * {@code bench} (2 cores, quiet; README), the U-Net forward and the segment path take a third less time, the
 * FocusNet++ training step 46 % less with 8 % less peak memory; the one-tile segment's peak rises by 0.8-1.4 GB.
 *
 * <p>glibc reads the variable only when the process starts (setting it later through mallopt changes nothing:
 * the arena limit is fixed once the JVM's own threads exist), so the command line relaunches itself with it
 * ({@code cli.Relaunch}); Fiji users set it when they start Fiji (README).
 */
public final class OneMallocArena {
    /** glibc's environment variable. */
    public static final String VARIABLE = "MALLOC_ARENA_MAX";
    /** System property: false = never relaunch the command line with one arena. */
    public static final String RELAUNCH = "scse.relaunch";

    private OneMallocArena() {
    }

    /** True if this process was started with one malloc arena. */
    public static boolean active() {
        return "1".equals(System.getenv(VARIABLE));
    }

    /**
     * True if relaunching this JVM with one arena would help: Linux, the variable not set (a user's own value
     * wins), neither the relaunch nor the malloc tuning switched off, and no debugger or agent attached (the
     * relaunched JVM would compete for its port).
     */
    public static boolean relaunchWanted() {
        if (!Platform.isLinux() || System.getenv(VARIABLE) != null) return false;
        if ("false".equalsIgnoreCase(System.getProperty(RELAUNCH))) return false;
        if ("false".equalsIgnoreCase(System.getProperty(TorchEngine.MALLOC_TUNING))) return false;
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return jvm.stream().noneMatch(a -> a.startsWith("-agentlib") || a.startsWith("-javaagent") || a.startsWith("-Xrunjdwp"));
    }
}
