package org.scsefiji.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TorchEngineTest {
    @Test
    void loadsOfflineAndComputes() {
        assertEquals("PyTorch", TorchEngine.get().getEngineName());
        assertEquals("true", System.getProperty("ai.djl.offline"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), TorchEngine.ENGINE)) {
            NDArray a = m.create(new float[] {1, 2, 3});
            assertEquals(6f, a.sum().getFloat(), 0f);
        }
    }

    @Test
    void intelMacsAreRefusedInWordsAndOtherPlatformsAreNot() {
        for (String arch : new String[] {"x86_64", "amd64"}) {
            String why = TorchEngine.unsupportedPlatform("Mac OS X", arch);
            assertTrue(why != null && why.contains("Intel Mac") && why.contains("Apple-silicon"), arch + ": " + why);
        }
        assertEquals(null, TorchEngine.unsupportedPlatform("Mac OS X", "aarch64"));
        assertEquals(null, TorchEngine.unsupportedPlatform("Linux", "amd64"));
        assertEquals(null, TorchEngine.unsupportedPlatform("Linux", "aarch64"));
        assertEquals(null, TorchEngine.unsupportedPlatform("Windows 11", "amd64"));
    }

    @Test
    void cpuChoiceIsHonouredAndAutoMatchesWhatDjlSees() {
        assertEquals(Device.cpu(), TorchEngine.device(DeviceChoice.CPU));
        boolean hasGpu = TorchEngine.get().getGpuCount() > 0;
        assertEquals(hasGpu, TorchEngine.device(DeviceChoice.AUTO).isGpu());
        if (!hasGpu) assertThrows(EngineUnavailableException.class, () -> TorchEngine.device(DeviceChoice.GPU));
    }

    @Test
    void gradModeIsOffOnAFreshInferenceThread() throws InterruptedException {
        TorchEngine.get();
        AtomicBoolean before = new AtomicBoolean();
        AtomicBoolean after = new AtomicBoolean(true);
        Thread t = new Thread(() -> {
            before.set(JniUtils.isGradMode());
            TorchEngine.disableGradOnThisThread();
            after.set(JniUtils.isGradMode());
        });
        t.start();
        t.join();
        assertTrue(before.get(), "libtorch starts new threads in grad mode: the fix is needed");
        assertFalse(after.get());
    }

    @Test
    void badDeviceWordIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
        assertTrue(e.getMessage().contains("'tpu'"));
    }
}
