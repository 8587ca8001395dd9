package org.scsefiji.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The one place that starts DJL's PyTorch engine. Offline unless the user asked for a download,
 * the plugin's class loader set around every DJL entry point (Fiji's thread context loader cannot
 * see DJL's services and resources), grad mode off on inference threads.
 */
public final class TorchEngine {
    public static final String ENGINE = "PyTorch";
    /** System property: "true" lets DJL download natives (e.g. a CUDA flavour). Off by default. */
    public static final String ALLOW_DOWNLOAD = "scse.allowDownload";
    /** System property: intra-op threads (default: DJL's choice, the number of cores). */
    public static final String THREADS = "scse.threads";
    /** System property: "false" skips the malloc tuning. */
    public static final String MALLOC_TUNING = "scse.mallocTuning";
    /** System property: "false" keeps libtorch from asking for transparent huge pages. */
    public static final String HUGE_PAGES = "scse.hugePages";

    private static volatile Engine engine;

    private TorchEngine() {
    }

    /** Loads the engine once; later calls return it at once. */
    public static Engine get() {
        Engine e = engine;
        if (e != null) return e;
        synchronized (TorchEngine.class) {
            if (engine == null) engine = load();
            return engine;
        }
    }

    private static Engine load() {
        String unsupported = unsupportedPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (unsupported != null) throw new EngineUnavailableException(unsupported, null);
        configureProperties();
        try {
            MallocTuning.applyIfEnabled();
            return withPluginClassLoader(() -> Engine.getEngine(ENGINE));
        } catch (RuntimeException | LinkageError e) {
            throw new EngineUnavailableException(explain(e), e);
        }
    }

    /**
     * Why PyTorch cannot run on this operating system and processor at all, or null. Intel Macs: PyTorch
     * stopped publishing macOS x86-64 builds after 2.2, so DJL's pytorch-native-cpu (2.7.1) has no osx-x86_64
     * jar and the update site ships no engine for them. Said at once, before DJL would look for natives.
     */
    static String unsupportedPlatform(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        if ((os.contains("mac") || os.contains("darwin")) && (arch.equals("x86_64") || arch.equals("amd64"))) {
            return "scSE-Fiji does not run on Intel Macs (macOS x86_64): PyTorch publishes no engine for them, so "
                    + "nothing can segment or train here. Use an Apple-silicon Mac (M1 or later), Linux or Windows.";
        }
        return null;
    }

    private static void configureProperties() {
        boolean download = Boolean.getBoolean(ALLOW_DOWNLOAD);
        setDefault("ai.djl.offline", download ? "false" : "true");
        // Engine start-up otherwise contacts a cloud metadata endpoint (telemetry).
        setDefault("OPT_OUT_TRACKING", "true");
        String threads = System.getProperty(THREADS);
        if (threads != null) {
            int n = Integer.parseInt(threads.trim());
            if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
            setDefault("ai.djl.pytorch.num_threads", Integer.toString(n));
            setDefault("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
    }

    private static String explain(Throwable e) {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null && causes.length() < 600; t = t.getCause()) {
            if (t.getMessage() != null) causes.append(causes.length() == 0 ? "" : " <- ").append(t.getMessage());
        }
        String hint;
        if (Boolean.getBoolean(ALLOW_DOWNLOAD)) {
            hint = "Downloading natives was allowed; check the network connection or point PYTORCH_LIBRARY_PATH to a local libtorch.";
        } else {
            hint = "The PyTorch native jar for this platform (pytorch-native-cpu) must be installed next to the plugin; "
                    + "in Fiji, re-run the updater for the scSE site.";
        }
        return "The PyTorch engine could not be started on " + os + ". " + hint + " Details: " + causes;
    }

    /** Runs DJL code with this plugin's class loader as the thread context loader (needed inside Fiji). */
    public static <T> T withPluginClassLoader(Callable<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(TorchEngine.class.getClassLoader());
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            t.setContextClassLoader(old);
        }
    }

    /** Resolves a user's device choice against what DJL sees; "gpu" without one is an error. */
    public static Device device(DeviceChoice choice) {
        Engine e = get();
        int gpus = withPluginClassLoader(e::getGpuCount);
        switch (choice) {
            case CPU:
                return Device.cpu();
            case GPU:
                if (gpus == 0) {
                    throw new EngineUnavailableException("A GPU was requested, but PyTorch sees none. Install the CUDA "
                            + "natives (see the README, 'Using a GPU') or choose device=cpu.", null);
                }
                return Device.gpu();
            default:
                return gpus > 0 ? Device.gpu() : Device.cpu();
        }
    }

    /** Returns freed native memory of all threads to the OS (glibc only; see MallocTuning#trim). */
    public static void releaseFreedMemory() {
        MallocTuning.trim();
    }

    /** Libtorch keeps grad mode per thread; call this at the start of every inference thread. */
    public static void disableGradOnThisThread() {
        get();
        JniUtils.setGradMode(false);
    }

    /** Human-readable engine facts for logs and 'Model Info': version, device, threads. */
    public static String describe(Device device) {
        Engine e = get();
        return "PyTorch " + e.getVersion() + " on " + (device.isGpu() ? "GPU " + device.getDeviceId() : "CPU")
                + ", threads=" + System.getProperty("ai.djl.pytorch.num_threads", "default");
    }
}
