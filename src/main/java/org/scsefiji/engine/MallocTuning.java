package org.scsefiji.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Keeps glibc from returning freed tensor memory to the OS after every operation: without it DJL
 * spends much of a training step in page faults (see docs: allocator finding). A plugin cannot set
 * LD_PRELOAD, but it can call mallopt through JNA, which DJL ships.
 */
final class MallocTuning {
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_MAX = -4;

    private MallocTuning() {
    }

    interface CLib extends Library {
        int mallopt(int param, int value);
    }

    static void applyIfEnabled() {
        if ("false".equalsIgnoreCase(System.getProperty(TorchEngine.MALLOC_TUNING)) || !Platform.isLinux()) return;
        try {
            CLib c = Native.load("c", CLib.class);
            c.mallopt(M_MMAP_MAX, 0);
            c.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE);
        } catch (Throwable ignored) {
            // not glibc (e.g. musl): the defaults are slower but correct
        }
    }
}
