package org.scsefiji.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Native memory settings that spare DJL most of its page faults (see docs: allocator finding). A plugin
 * cannot set LD_PRELOAD or its own process environment at start-up, but it can call libc through JNA,
 * which DJL ships, before libtorch allocates anything. Linux only; where libc is not glibc nothing
 * happens (slower but correct).
 * <ul>
 *   <li>malloc tuning ({@value TorchEngine#MALLOC_TUNING}=false skips it): glibc keeps freed memory instead
 *       of returning it to the OS after every operation (no separately mapped chunks, no trimming), so the
 *       arrays of a training step reuse pages instead of faulting them in again. glibc still maps arrays
 *       over 64 MB separately (a thread heap's limit; a JVM never computes on the process's first thread)
 *       unless the process runs with one arena ({@link OneMallocArena});</li>
 *   <li>huge pages ({@value TorchEngine#HUGE_PAGES}=false skips them): libtorch's own switch
 *       THP_MEM_ALLOC_ENABLE, so that its arrays of 2 MB and more are faulted in 2 MB at a time instead of
 *       4 kB (where the kernel's transparent_hugepage setting is "madvise" or "always"). A value the user
 *       set in the environment wins.</li>
 * </ul>
 */
final class MallocTuning {
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_MAX = -4;
    static final String THP_SWITCH = "THP_MEM_ALLOC_ENABLE";

    private MallocTuning() {
    }

    interface CLib extends Library {
        int mallopt(int param, int value);

        int setenv(String name, String value, int overwrite);

        int malloc_trim(long pad);
    }

    private static volatile CLib trimmer;
    private static volatile boolean trimUnavailable;

    /**
     * Gives the free memory of every malloc arena back to the OS (glibc's malloc_trim). With the tuning
     * above, each thread's arena keeps the peak its thread ever used; code that computes on many threads
     * in turn (tile forwards paused in lockstep) calls this between them so that their peaks do not add up;
     * with one arena too (skipping it there let a 4k segment grow to 16.5 GB, between paused tiles' arrays).
     * The memory budget calls it before it reads the OS's available memory, so that what this process keeps
     * counts as available. Without glibc nothing happens.
     */
    static void trim() {
        if (trimUnavailable || !Platform.isLinux()) return;
        try {
            CLib c = trimmer;
            if (c == null) trimmer = c = Native.load("c", CLib.class);
            c.malloc_trim(0);
        } catch (Throwable e) {
            trimUnavailable = true;
        }
    }

    static void applyIfEnabled() {
        if (!Platform.isLinux()) return;
        boolean malloc = !"false".equalsIgnoreCase(System.getProperty(TorchEngine.MALLOC_TUNING));
        boolean hugePages = !"false".equalsIgnoreCase(System.getProperty(TorchEngine.HUGE_PAGES));
        if (!malloc && !hugePages) return;
        try {
            CLib c = Native.load("c", CLib.class);
            if (malloc) {
                c.mallopt(M_MMAP_MAX, 0);
                c.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE);
            }
            if (hugePages) c.setenv(THP_SWITCH, "1", 0);
        } catch (Throwable ignored) {
            // not glibc (e.g. musl): the defaults are slower but correct
        }
    }
}
