package org.scsefiji.infer;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.NetworkSpec;

/**
 * How much native memory inference may use, and what a forward costs per input pixel. Network tensors
 * live outside the Java heap (libtorch), so the budget is taken from physical memory, not from -Xmx:
 * three quarters of what is available now less what the heap may still grow by, and no more than three
 * quarters of what the heap leaves of physical memory at its maximum (Fiji often gives the heap most of the
 * machine; the JVM may grow it towards that maximum while a forward holds its native memory).
 *
 * <p>Why three quarters: the heap's growth is already set aside, and the per-pixel costs below are upper
 * bounds (a 10% margin on the worst measured size; the shipped nuclei network's forward peaks at 491-538 bytes
 * per pixel where {@link #forwardBytesPerPixel} says 640), so the quarter left covers the estimate's error,
 * libtorch's fixed part and the rest of the machine. Half of the available memory, the former rule, cut a
 * 4096 x 4096 nuclei image (one 4384 x 4384 input, 9.4-10.3 GB measured) into two tiles on a quiet 24 GB machine,
 * whose margins alone cost 1.22x the image's forward; it now runs as one tile.
 */
public final class InferenceMemory {
    /** System property overriding the budget, e.g. {@code 6g}, {@code 3000m} or plain bytes. */
    public static final String PROPERTY = "scse.inferenceMemory";
    private static final long FLOOR = 512L << 20;
    private static final long UNKNOWN_PHYSICAL = 4L << 30;
    private static final int UNKNOWN_GPU_GB = 2;

    private InferenceMemory() {
    }

    /**
     * The budget in bytes for forwards on {@code device}: the {@value #PROPERTY} property if set; on a GPU, three
     * quarters of the memory CUDA reports free on it (the host's memory does not bound a GPU's tiles; a 4k nuclei
     * image as one tile needs about 12 GB), or {@value #UNKNOWN_GPU_GB} GB when CUDA cannot be asked; else
     * {@link #budgetBytes()}. The GPU figure was not measured on a GPU: the per-pixel costs below are the CPU's.
     */
    public static long budgetBytes(Device device) {
        if (!device.isGpu() || override() != null) return budgetBytes();
        try {
            MemoryUsage gpu = CudaUtils.getGpuMemory(device);
            return gpuBudgetBytes(gpu.getMax(), gpu.getCommitted());
        } catch (RuntimeException | LinkageError e) {
            // no CUDA runtime library for JNA to load (a device forced to gpu without one): assume a small GPU
            return (long) UNKNOWN_GPU_GB << 30;
        }
    }

    /** Three quarters of a GPU's free memory ({@code total - used}), at least the floor. */
    static long gpuBudgetBytes(long total, long used) {
        return Math.max(FLOOR, Math.max(0, total - used) / 4 * 3);
    }

    /** The budget in bytes: the {@value #PROPERTY} property if set, else derived from the machine. */
    public static long budgetBytes() {
        String value = override();
        if (value != null) return parseBytes(value, PROPERTY);
        long total = totalPhysical();
        // memory this process freed but keeps (one malloc arena keeps it all) is available to it
        TorchEngine.releaseFreedMemory();
        Runtime heap = Runtime.getRuntime();
        return budgetBytes(total, availablePhysical(total), heap.maxMemory(), heap.totalMemory());
    }

    /** The {@value #PROPERTY} property, or null when it is not set or blank. */
    private static String override() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The budget for a machine of {@code total} bytes with {@code available} free now, whose heap may grow
     * from {@code heapCommitted} to {@code heapMax} bytes (the rule of the class comment).
     */
    static long budgetBytes(long total, long available, long heapMax, long heapCommitted) {
        long heapGrowth = Math.max(0, heapMax - heapCommitted);
        long usable = Math.min(available - heapGrowth, total - heapMax);
        return Math.max(FLOOR, Math.max(0, usable) / 4 * 3);
    }

    /**
     * Peak native bytes of one untiled forward per input pixel: measured (VmHWM delta of one forward on
     * 512^2 - 2048^2 inputs, DJL 0.35.1 / PyTorch 2.7.1, CPU) per feature of the spec, with a 10% margin.
     * U-Net 26-33, SD-Net 28, ReLayNet 30, FC-DenseNet 168 bytes per pixel and feature.
     * FocusNet++ (since its sequential blocks free their intermediates; scSE max-out P5, 1 thread), VmHWM delta
     * over the process before the forward, divided by pixels and features: 64 features 45.4 (512^2), 30.3
     * (1024^2), 25.4 (2048^2); 32 features 70.5, 43.7, 29.6. The marginal cost is 24-25 at both widths; the rest
     * is libtorch's fixed 0.3-0.4 GB of a first forward. The constant is the largest at 1024^2 and up (43.7)
     * plus 10%: the tiles of budgets from about 1 GB up fit; only near the 512 MB floor can that fixed part
     * overshoot the budget. Narrow networks pay more per feature (fixed per-pixel arrays: input, stem, class maps):
     * at 2048^2 with the shipped nuclei model's options (the second forward of each model, one malloc arena) 8 / 12 / 16 / 32
     * features peaked at 50.3 / 37.3 / 36.0 / 33.8 bytes per pixel and feature, all within 48 per feature plus the
     * 64 of the input; 12 features peaked at 55.8 before the decoder's up-sampled convolutions stopped making the
     * up-sampled input ({@code Conv2d.forwardOnRepeated2x}), above the constant.
     */
    public static long forwardBytesPerPixel(NetworkSpec spec) {
        int perFeature;
        switch (spec.architecture()) {
            case UNET:
            case SDNET:
            case RELAYNET:
                perFeature = 36;
                break;
            case FCDENSENET:
                perFeature = 185;
                break;
            default: // FOCUSNETPP
                perFeature = 48;
        }
        return (long) perFeature * Math.max(1, spec.features()) + 64L * spec.inputChannels();
    }

    /** "6g", "3000m", "512k" or plain bytes. */
    static long parseBytes(String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        if (last == 'g' || last == 'm' || last == 'k') {
            unit = last == 'g' ? 1L << 30 : last == 'm' ? 1L << 20 : 1L << 10;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Math.multiplyExact(Long.parseLong(t.trim()), unit);
            if (v > 0) return v;
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a positive size such as 6g or 3000m, got '" + text + "'");
    }

    private static long totalPhysical() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long t = ((com.sun.management.OperatingSystemMXBean) os).getTotalPhysicalMemorySize();
            if (t > 0) return t;
        }
        return UNKNOWN_PHYSICAL;
    }

    /** Linux's MemAvailable (free plus reclaimable caches), else the free physical memory. */
    private static long availablePhysical(long total) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long f = ((com.sun.management.OperatingSystemMXBean) os).getFreePhysicalMemorySize();
            if (f > 0) return f;
        }
        return total / 2;
    }
}
