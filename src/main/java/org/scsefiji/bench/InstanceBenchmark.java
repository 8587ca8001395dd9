package org.scsefiji.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.instances.InstanceDecoder;
import org.scsefiji.instances.InstanceLabels;
import org.scsefiji.instances.Instances;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/**
 * {@code bench --what instances}: the network against the instance post-processing on one large image, in one
 * process. The image is a SIZE x SIZE mosaic of mirrored copies of a nuclei image (default the shipped
 * 256 x 256 sample), so that it looks like real nuclei and no seam cuts a nucleus. After an untimed warm-up
 * of both (on a 512 x 512 mosaic), each round times the network (segmentation with probabilities, tiled as memory allows) and then
 * the post-processing of that round's probabilities ({@link Instances#decode}: split, measure, trace
 * outlines); the medians are printed. The post-processing's memory is the heap its thread allocates (an upper
 * bound of what it needs beyond the probabilities), against the label image. Last, the decoder alone on a
 * plane twice as wide and high (the probabilities mirrored 2 x 2), to show its memory stays a fixed multiple
 * of the label image.
 */
public final class InstanceBenchmark {
    /** What to run. */
    public static final class Options {
        public Path model = Path.of("models/nuclei.scse");
        public Path tile = Path.of("models/samples/nuclei-00071198d059ba7f.tif");
        public int size = 2048;
        public int rounds = 3;
        public int warmup = 1;
    }

    private static final int WARMUP_SIZE = 512;

    private final Options options;
    private final PrintStream out;

    public InstanceBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public void run() throws Exception {
        RandomAccessibleInterval<? extends RealType<?>> tile = new ImageIoReader().read(options.tile);
        Img<FloatType> image = mosaic(tile, options.size);
        try (ScseModel model = ModelFile.load(options.model, TorchEngine.device(DeviceChoice.parse("cpu")))) {
            PostProcessing declared = model.spec().postProcessing();
            if (!(declared instanceof InstancePostProcessing)) {
                throw new IllegalArgumentException(options.model + " declares no instance post-processing (it declares " + declared + ")");
            }
            InstancePostProcessing p = (InstancePostProcessing) declared;
            Segmenter segmenter = new Segmenter(model);
            out.printf(Locale.ROOT, "scSE-Fiji bench instances: %s on a %d x %d mosaic of mirrored copies of %s; %s; plan %s%n",
                    options.model.getFileName(), options.size, options.size, options.tile.getFileName(), TorchEngine.describe(model.device()),
                    segmenter.plan(image));
            out.println("post-processing " + p);
            out.printf(Locale.ROOT, "%d warm-up (%d x %d) + %d timed rounds, each: network, then post-processing of its output%n", options.warmup,
                    WARMUP_SIZE, WARMUP_SIZE, options.rounds);
            out.println("load average at start: " + Benchmark.loadAverage());
            List<Double> netWall = new ArrayList<>(), netCpu = new ArrayList<>(), postWall = new ArrayList<>(), postCpu = new ArrayList<>();
            long allocated = -1;
            Instances objects = null;
            SegmentationOutputs last = null;
            // Warm-up (class loading, JIT, libtorch's first allocations) on one tile's worth of the mosaic: a 2048 x 2048
            // network pass takes minutes on a shared machine, and a second one would warm nothing more.
            Img<FloatType> small = mosaic(tile, WARMUP_SIZE);
            for (int r = -options.warmup; r < options.rounds; r++) {
                last = null; // the previous round's outputs may go before this round allocates its own
                Img<FloatType> input = r < 0 ? small : image;
                long wall = System.nanoTime();
                long cpu = cpuNanos();
                last = segmenter.segment((RandomAccessibleInterval) input, ImageAxes.singleChannel(2), true, false, ProgressListener.NONE,
                        new CancelToken());
                double nw = (System.nanoTime() - wall) / 1e9;
                double nc = (cpuNanos() - cpu) / 1e9;
                objects = null;
                long allocatedBefore = allocatedBytes();
                wall = System.nanoTime();
                cpu = threadCpuNanos();
                objects = Instances.decode(last.probabilities(), input, p);
                double pw = (System.nanoTime() - wall) / 1e9;
                double pc = (threadCpuNanos() - cpu) / 1e9;
                allocated = allocatedBytes() < 0 ? -1 : allocatedBytes() - allocatedBefore;
                out.printf(Locale.ROOT, "  %s %d: network %.2f s wall (%.2f s process cpu), post-processing %.2f s wall (%.2f s thread cpu)%n",
                        r < 0 ? "warm-up (" + WARMUP_SIZE + " x " + WARMUP_SIZE + ")" : "round", r < 0 ? r + options.warmup + 1 : r + 1, nw, nc, pw, pc);
                if (r < 0) continue;
                netWall.add(nw);
                netCpu.add(nc);
                postWall.add(pw);
                postCpu.add(pc);
            }
            long pixels = (long) options.size * options.size;
            out.println("load average at end: " + Benchmark.loadAverage());
            out.printf(Locale.ROOT, "objects: %d, mean area %.1f px%n", objects.count(), objects.meanArea());
            double nw = Benchmark.median(netWall);
            double pw = Benchmark.median(postWall);
            out.printf(Locale.ROOT, "network (segment with probabilities), median: %.2f s wall, %.2f s process cpu%n", nw, Benchmark.median(netCpu));
            out.printf(Locale.ROOT, "post-processing (split + measure + outlines), median: %.2f s wall, %.2f s cpu (one thread)%n", pw,
                    Benchmark.median(postCpu));
            out.printf(Locale.ROOT, "post-processing / network: %.3f (wall)%n", pw / nw);
            out.printf(Locale.ROOT, "post-processing heap allocated (upper bound of its peak beyond the probabilities): %s%n",
                    memory(allocated, pixels));
            out.printf(Locale.ROOT, "peak resident memory of the process (network included): %d MB%n", ProcessMemory.read().peakKb / 1024);
            decoderMemory(last.probabilities(), p);
        }
    }

    /** The decoder alone on the probabilities mirrored 2 x 2: its allocations against its label image. */
    private void decoderMemory(RandomAccessibleInterval<FloatType> probabilities, InstancePostProcessing p) {
        int w = (int) probabilities.dimension(0);
        int h = (int) probabilities.dimension(1);
        float[] object = mirrored(Views.hyperSlice(probabilities, 2, p.objectClass()), w, h);
        float[] outline = mirrored(Views.hyperSlice(probabilities, 2, p.outlineClass()), w, h);
        float[] core = p.hasCoreClass() ? mirrored(Views.hyperSlice(probabilities, 2, p.coreClass()), w, h) : null;
        InstanceDecoder decoder = new InstanceDecoder(p);
        long before = allocatedBytes();
        long start = System.nanoTime();
        InstanceLabels labels = decoder.decode(object, outline, core, 2 * w, 2 * h);
        double seconds = (System.nanoTime() - start) / 1e9;
        long allocated = allocatedBytes() < 0 ? -1 : allocatedBytes() - before;
        out.printf(Locale.ROOT, "decoder alone on %d x %d (the probabilities mirrored 2 x 2): %.2f s, %d objects, heap allocated %s%n",
                2 * w, 2 * h, seconds, labels.count(), memory(allocated, 4L * w * h));
    }

    /** Bytes in MB and as a multiple of an int label image (4 bytes a pixel) and of the 16-bit instance image. */
    private static String memory(long bytes, long pixels) {
        if (bytes < 0) return "unknown (no thread allocation counter in this JVM)";
        return String.format(Locale.ROOT, "%.0f MB = %.2f x the int label image (%.0f MB) = %.2f x the 16-bit instance image", bytes / 1e6,
                bytes / (4.0 * pixels), 4.0 * pixels / 1e6, bytes / (2.0 * pixels));
    }

    private static float[] mirrored(RandomAccessibleInterval<? extends RealType<?>> plane, int w, int h) {
        float[] a = new float[4 * w * h];
        Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = c.next().getRealFloat();
                a[y * 2 * w + x] = v;
                a[y * 2 * w + 2 * w - 1 - x] = v;
                a[(2 * h - 1 - y) * 2 * w + x] = v;
                a[(2 * h - 1 - y) * 2 * w + 2 * w - 1 - x] = v;
            }
        }
        return a;
    }

    private static Img<FloatType> mosaic(RandomAccessibleInterval<? extends RealType<?>> tile, int size) {
        if (tile.numDimensions() != 2) throw new IllegalArgumentException("a 2-D image is needed for the mosaic, got " + tile.numDimensions() + " dimensions");
        Img<FloatType> img = ArrayImgs.floats(size, size);
        RandomAccess<? extends RealType<?>> in = tile.randomAccess();
        RandomAccess<FloatType> o = img.randomAccess();
        long tw = tile.dimension(0);
        long th = tile.dimension(1);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // mirrored copies, so that no seam cuts a nucleus in two
                long tx = (x / tw) % 2 == 0 ? x % tw : tw - 1 - x % tw;
                long ty = (y / th) % 2 == 0 ? y % th : th - 1 - y % th;
                in.setPosition(tile.min(0) + tx, 0);
                in.setPosition(tile.min(1) + ty, 1);
                o.setPosition(x, 0);
                o.setPosition(y, 1);
                o.get().setReal(in.get().getRealDouble());
            }
        }
        return img;
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    /** The post-processing runs on this thread only (libtorch's idle threads would count in the process's time). */
    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Heap bytes this thread has allocated so far; -1 where the JVM does not count them. */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (!(t instanceof com.sun.management.ThreadMXBean)) return -1;
        return ((com.sun.management.ThreadMXBean) t).getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
