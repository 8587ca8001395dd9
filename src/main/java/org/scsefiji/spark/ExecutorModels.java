package org.scsefiji.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;

/**
 * The models of one executor JVM: the broadcast model bytes are written to a local file once, and each task
 * thread borrows a loaded model (one engine per core: Spark runs as many tasks at once as the executor has
 * cores, so at most that many are ever loaded) and gives it back for the next task. PyTorch gets one thread per
 * engine unless {@code scse.threads} says otherwise: the cores are the tasks'.
 */
final class ExecutorModels {
    private static final Map<String, ExecutorModels> BY_KEY = new ConcurrentHashMap<>();

    static {
        if (System.getProperty(TorchEngine.THREADS) == null) System.setProperty(TorchEngine.THREADS, "1");
    }

    private final Path file;
    private final String device;
    private final ConcurrentLinkedDeque<ScseModel> idle = new ConcurrentLinkedDeque<>();

    private ExecutorModels(Path file, String device) {
        this.file = file;
        this.device = device;
    }

    /** The models of broadcast {@code id} on this executor, the first call writing the model file. */
    static ExecutorModels of(long id, String name, byte[] bytes, String device) {
        return BY_KEY.computeIfAbsent(id + "/" + device, k -> {
            try {
                Path folder = Files.createTempDirectory("scse-model-");
                folder.toFile().deleteOnExit();
                Path file = folder.resolve(name);
                Files.write(file, bytes);
                file.toFile().deleteOnExit();
                return new ExecutorModels(file, device);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not write the model " + name + " to a local file", e);
            }
        });
    }

    /** An idle model, or a newly loaded one. */
    ScseModel borrow() throws Exception {
        ScseModel m = idle.pollFirst();
        return m != null ? m : ModelFile.load(file, TorchEngine.device(DeviceChoice.parse(device)));
    }

    void giveBack(ScseModel m) {
        idle.addFirst(m);
    }

    /** Closes the idle models of broadcast {@code id} (the driver, after a run in its own JVM: local mode). */
    static void release(long id) {
        BY_KEY.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(id + "/")) return false;
            for (ScseModel m; (m = e.getValue().idle.pollFirst()) != null;) m.close();
            return true;
        });
    }
}
