package org.scsefiji.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

class MallocTuningTest {
    interface Env extends Library {
        String getenv(String name);
    }

    /** libtorch reads its huge-pages switch from the native environment, which Java's System.getenv does not show. */
    @Test
    void hugePagesSwitchReachesTheNativeEnvironment() {
        assumeTrue(Platform.isLinux());
        assumeFalse("false".equalsIgnoreCase(System.getProperty(TorchEngine.HUGE_PAGES)));
        TorchEngine.get();
        String expected = System.getenv().getOrDefault(MallocTuning.THP_SWITCH, "1"); // a user's own value wins
        assertEquals(expected, Native.load("c", Env.class).getenv(MallocTuning.THP_SWITCH));
    }
}
