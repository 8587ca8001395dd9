package org.scsefiji.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.nn.NetworkTestSupport;

class TorchScriptOpTest {
    /** Fiji's plugin threads carry a context class loader that sees neither DJL nor our resources. */
    @Test
    void loadsUnderAForeignContextClassLoader() throws Exception {
        TorchEngine.get();
        AtomicReference<float[]> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (NDManager m = NetworkTestSupport.manager()) {
                TorchScriptOp unpool = new TorchScriptOp("max_unpool2x.pt");
                NDArray y = m.create(new float[] {10, 20}, new Shape(1, 1, 1, 2));
                NDArray idx = m.create(new long[] {1, 6}, new Shape(1, 1, 1, 2));
                result.set(unpool.call(y, idx).singletonOrThrow().toFloatArray());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.setContextClassLoader(new URLClassLoader(new URL[0], null));
        t.start();
        t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertArrayEquals(new float[] {0, 10, 0, 0, 0, 0, 20, 0}, result.get());
    }

    /** With grad mode off (inference threads) the op builds no graph: there is nothing to differentiate. */
    @Test
    void recordsNothingWhereGradModeIsOff() throws Exception {
        TorchEngine.get();
        AtomicReference<Throwable> backward = new AtomicReference<>();
        Thread t = new Thread(() -> {
            TorchEngine.disableGradOnThisThread();
            try (NDManager m = NetworkTestSupport.manager()) {
                NDArray x = NetworkTestSupport.randomInput(m, 3, 1, 2, 4, 4);
                x.setRequiresGradient(true);
                NDArray pooled = new TorchScriptOp("max_pool2x_with_indices.pt").call(x).get(0);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(pooled.sum());
                } catch (RuntimeException e) {
                    backward.set(e);
                }
            }
        });
        t.start();
        t.join();
        assertNotNull(backward.get(), "backward through an op run without grad mode should fail");
    }

    @Test
    void aMissingResourceIsNamed() {
        try (NDManager m = NetworkTestSupport.manager()) {
            NDArray x = m.zeros(new Shape(1, 1, 2, 2));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TorchScriptOp("nothing.pt").call(x));
            assertTrue(e.getMessage().contains("nothing.pt"), e.getMessage());
        }
    }
}
