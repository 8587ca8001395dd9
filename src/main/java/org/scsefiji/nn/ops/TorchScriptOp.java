package org.scsefiji.nn.ops;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.scsefiji.engine.TorchEngine;

/**
 * A parameter-free TorchScript module carried as a class-path resource, for a PyTorch op that DJL does not
 * expose. It is loaded from the resource stream (no file, works from a jar and a plugin class loader) once
 * per device and kept for the life of the JVM. Calls follow the calling thread's grad mode, so autograd
 * flows through them in training and nothing is recorded where grad mode is off; outputs belong to the first
 * input's manager, like any other op's.
 */
final class TorchScriptOp {
    private final String resource;
    private final Map<Device, PtSymbolBlock> modules = new ConcurrentHashMap<>();

    /** @param resource file name next to this class, made by src/main/python/make_pool_ops.py */
    TorchScriptOp(String resource) {
        this.resource = resource;
    }

    NDList call(NDArray... inputs) {
        PtSymbolBlock module = modules.computeIfAbsent(inputs[0].getDevice(), this::load);
        // "training" here only means: do not switch autograd off (DJL would otherwise disable it).
        return IValueUtils.forward(module, new NDList(inputs), true);
    }

    private PtSymbolBlock load(Device device) {
        return TorchEngine.withPluginClassLoader(() -> {
            // A manager of its own that is never closed: the module lives as long as the JVM.
            PtNDManager manager = (PtNDManager) TorchEngine.get().newBaseManager(device);
            try (InputStream in = TorchScriptOp.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException(resource + " is missing from the scSE-Fiji jar (org/scsefiji/nn/ops)");
                return JniUtils.loadModule(manager, in, true, false);
            } catch (IOException e) {
                throw new IllegalStateException("Could not read " + resource + " from the scSE-Fiji jar: " + e.getMessage(), e);
            }
        });
    }
}
