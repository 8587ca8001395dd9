package org.scsefiji.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.scsefiji.engine.OneMallocArena;

/**
 * The PyTorch twin: a python3 that can import torch, and twin.py (carried in the jar, copied to a
 * temporary file at run time).
 */
final class PythonTwin {
    /** System property or environment variable naming the python to use. */
    static final String PYTHON = "scse.python";
    private static final String SCRIPT = "twin.py";
    private static Optional<String> found;

    private PythonTwin() {
    }

    /** The first python that imports torch: scse.python / SCSE_PYTHON, then python3, /usr/bin/python3, python. */
    static synchronized Optional<String> python() {
        if (found != null) return found;
        Set<String> candidates = new LinkedHashSet<>();
        String chosen = System.getProperty(PYTHON, System.getenv("SCSE_PYTHON"));
        if (chosen != null && !chosen.isBlank()) candidates.add(chosen.trim());
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        candidates.add("python");
        found = Optional.empty();
        for (String c : candidates) {
            if (importsTorch(c)) {
                found = Optional.of(c);
                break;
            }
        }
        return found;
    }

    private static boolean importsTorch(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String requirePython() {
        return python().orElseThrow(() -> new IllegalStateException("No python with PyTorch found: tried "
                + "-D" + PYTHON + " / SCSE_PYTHON, python3, /usr/bin/python3 and python. Install PyTorch for python3 "
                + "(Debian: apt-get install python3-torch) or name a python with -D" + PYTHON + "=/path/to/python."));
    }

    /**
     * Starts a twin worker.
     *
     * @param threads intra-op threads (interop threads are 1)
     * @param preload a library for LD_PRELOAD, or null
     */
    static WorkerProcess start(String name, int threads, String preload) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(requirePython(), script().toString()));
        Map<String, String> env = new HashMap<>(threadEnvironment(threads));
        env.put("SCSE_TWIN_THREADS", Integer.toString(threads));
        if (preload != null) env.put("LD_PRELOAD", preload);
        env.put(OneMallocArena.VARIABLE, null); // PyTorch at glibc's defaults, whatever this JVM was started with
        return WorkerProcess.start(name, cmd, env);
    }

    /** OpenMP and MKL thread counts for a worker process. */
    static Map<String, String> threadEnvironment(int threads) {
        String n = Integer.toString(threads);
        return Map.of("OMP_NUM_THREADS", n, "MKL_NUM_THREADS", n);
    }

    private static Path script;

    /** twin.py copied out of the jar (once per JVM; deleted on exit). */
    static synchronized Path script() throws IOException {
        if (script != null) return script;
        try (InputStream in = PythonTwin.class.getResourceAsStream(SCRIPT)) {
            if (in == null) throw new IOException("twin.py is missing from the scse jar (org/scsefiji/bench/" + SCRIPT + ")");
            Path dir = Files.createTempDirectory("scse-twin");
            Path file = dir.resolve(SCRIPT);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            script = file;
            return file;
        }
    }
}
