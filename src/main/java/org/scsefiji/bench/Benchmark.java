package org.scsefiji.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scsefiji.engine.OneMallocArena;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.infer.InferenceMemory;
import org.scsefiji.nn.Architecture;

/**
 * Times the {@link Workload}s in DJL and in the PyTorch twin, side by side. Every side ("variant") is its
 * own worker process with the same thread settings; per workload the workers run interleaved rounds
 * (variant 1 round, variant 2 round, variant 1 round, ...), each round = warm-up calls + timed calls.
 * Reported per variant: the median of the round medians, the round medians, GFLOP/s from
 * {@link FlopCount}, the peak resident memory (VmHWM) of its process and its minor page faults per timed
 * call; at the end, one Markdown table of every DJL variant against the PyTorch side.
 */
public final class Benchmark {
    /** A worker configuration: which side, and which allocator settings. */
    public enum Variant {
        /**
         * DJL with the native memory settings as this JVM is configured (both on unless switched off), and one
         * malloc arena when this JVM has it (the command line relaunches itself so: {@link OneMallocArena}).
         */
        DJL("djl", true, null, null, null, false),
        /** DJL without the mallopt tuning ({@link TorchEngine#MALLOC_TUNING} false). */
        DJL_NOMALLOPT("djl-nomallopt", true, null, "false", null, false),
        /** DJL without huge pages for libtorch's arrays ({@link TorchEngine#HUGE_PAGES} false). */
        DJL_NOHUGEPAGES("djl-nohugepages", true, null, null, "false", false),
        /** DJL with glibc's arena per thread (MALLOC_ARENA_MAX not passed on). */
        DJL_ARENAS("djl-arenas", true, null, null, null, true),
        /** DJL with none of them: glibc and libtorch defaults. */
        DJL_UNTUNED("djl-untuned", true, null, "false", "false", true),
        DJL_TCMALLOC("djl-tcmalloc", true, "tcmalloc", "false", null, true),
        /** PyTorch as Python runs it: glibc's defaults (it computes on the process's first thread, the main arena). */
        TORCH("torch", false, null, null, null, true),
        TORCH_TCMALLOC("torch-tcmalloc", false, "tcmalloc", null, null, true);

        final String key;
        final boolean djl;
        final String preload;
        final String mallocTuning;
        final String hugePages;
        /** True: the worker does not inherit {@link OneMallocArena#VARIABLE}. */
        final boolean threadArenas;

        Variant(String key, boolean djl, String preload, String mallocTuning, String hugePages, boolean threadArenas) {
            this.key = key;
            this.djl = djl;
            this.preload = preload;
            this.mallocTuning = mallocTuning;
            this.hugePages = hugePages;
            this.threadArenas = threadArenas;
        }

        public static Variant parse(String text) {
            for (Variant v : values()) if (v.key.equalsIgnoreCase(text.trim())) return v;
            throw new IllegalArgumentException("Unknown variant '" + text + "': choose among "
                    + Arrays.stream(values()).map(v -> v.key).reduce((a, b) -> a + ", " + b).orElse(""));
        }
    }

    /** What to run. */
    public static final class Options {
        public boolean infer = true;
        public boolean train = true;
        /** Square image sides for segment cases (the product path); empty: none. */
        public List<Long> segmentSizes = List.of();
        public List<Architecture> architectures = List.of(Architecture.RELAYNET, Architecture.UNET);
        public int features = 64;
        public int threads = 2;
        public int rounds = 3;
        public int reps = 3;
        public int warmup = 1;
        public List<Variant> variants = List.of(Variant.DJL, Variant.TORCH);
        /** The DJL workers' -Xmx (e.g. "4g"); empty = the JVM's default. */
        public String heap = "";
    }

    private final Options options;
    private final PrintStream out;
    private Map<Variant, Double> ceilings = Map.of();

    public Benchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs every workload and prints the figures; returns the DJL/PyTorch ratios by workload label. */
    public Map<String, Double> run() throws IOException {
        out.printf(Locale.ROOT, "scSE-Fiji bench: threads=%d (interop 1), rounds=%d, %d timed + %d warm-up calls per round, variants=%s%n",
                options.threads, options.rounds, options.reps, options.warmup, keys(options.variants));
        if (!options.heap.isEmpty() || System.getProperty(InferenceMemory.PROPERTY) != null) {
            out.printf(Locale.ROOT, "DJL workers: heap %s, memory budget %s%n", options.heap.isEmpty() ? "default" : "-Xmx" + options.heap,
                    System.getProperty(InferenceMemory.PROPERTY, "automatic"));
        }
        out.println("load average at start: " + loadAverage());
        ceilings = convolutionCeilings();
        List<Workload> work = new ArrayList<>();
        for (Architecture a : options.architectures) {
            if (options.infer) work.add(Workload.standard(Workload.Op.INFER, a, options.features));
            if (options.train) work.add(Workload.standard(Workload.Op.TRAIN, a, options.features));
            for (long side : options.segmentSizes) work.add(Workload.segment(a, options.features, side));
        }
        List<String> segmentTable = new ArrayList<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        List<String> table = new ArrayList<>();
        boolean first = true;
        for (Workload w : work) {
            long flops = w.op == Workload.Op.TRAIN ? FlopCount.trainingStep(w.spec, w.shape) : FlopCount.forward(w.spec, w.shape);
            Map<Variant, Series> results = time(w, flops, first);
            first = false;
            if (w.op == Workload.Op.SEGMENT) {
                Series torchForward = firstOf(results, false);
                for (Series s : results.values()) if (s.variant.djl) segmentTable.add(segmentRow(w, flops, s, torchForward));
                continue;
            }
            Series torch = firstOf(results, false);
            Series djl = firstOf(results, true);
            if (djl != null && torch != null) ratios.put(w.label(), djl.median() / torch.median());
            for (Series s : results.values()) {
                if (s.variant.djl) table.add(row(w.label(), flops, s, torch));
            }
            if (djl == null && torch != null) table.add(row(w.label(), flops, null, torch));
        }
        out.println("load average at end: " + loadAverage());
        out.printf(Locale.ROOT, "%nSummary (median of round medians; peak = resident memory high-water mark of the worker process; "
                + "faults = minor page faults per call)%n%n");
        out.println("| case | DJL side | DJL ms | PyTorch ms | DJL / PyTorch | DJL GFLOP/s | PyTorch GFLOP/s | DJL of ceiling "
                + "| PyTorch of ceiling | DJL peak MB | PyTorch peak MB | DJL faults | PyTorch faults |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        table.forEach(out::println);
        if (!segmentTable.isEmpty()) {
            out.printf(Locale.ROOT, "%nSegment: the whole path with default options (SegmentationPipeline: normalisation, tiles, network,"
                    + " stitching, post-processing), one call per round. Forward = one untiled forward (+ softmax), DJL's in the same"
                    + " process right after each segment call: when the plan is one tile, of exactly that tile's input (the image with"
                    + " its mirrored margins); else of the reference input scaled to the image's pixels (the sum over tiles without"
                    + " their margins). GFLOP/s count the network's operations on the image's own pixels. Labels MB = the label"
                    + " image (the output); peak MB = resident high-water mark of the DJL worker (image, labels, Java heap, tiles).%n%n");
            out.println("| case | DJL side | segment ms | DJL forward ms (reference) | DJL forward ms scaled | segment / DJL forward "
                    + "| PyTorch forward ms scaled | segment / PyTorch forward | segment GFLOP/s | of DJL ceiling | labels MB | peak MB | plan |");
            out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            segmentTable.forEach(out::println);
        }
        return ratios;
    }

    /** A segment case: the DJL side's whole path against its own forward and PyTorch's (torch may be missing). */
    private String segmentRow(Workload w, long flops, Series s, Series torch) {
        Workload ref = s.reference;
        double scale = s.referenceUntiled ? 1 : (double) (w.shape[2] * w.shape[3]) / (ref.shape[2] * ref.shape[3]);
        double forward = s.referenceMedian() * scale;
        double torchForward = torch == null ? Double.NaN : torch.median() * scale;
        // The label image the pipeline allocates: 8-bit up to 256 classes, else 16-bit (SegmentationOutputs.allocate).
        double labelMb = (double) w.shape[2] * w.shape[3] * (w.spec.classCount() <= 256 ? 1 : 2) / (1 << 20);
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f (%dx%d) | %.0f | %.2f | %s | %s | %s | %s | %.1f | %s | %s |", w.label(),
                s.variant.key, s.median(), s.referenceMedian(), ref.shape[2], ref.shape[3], forward, s.median() / forward,
                torch == null ? "-" : String.format(Locale.ROOT, "%.0f", torchForward),
                torch == null ? "-" : String.format(Locale.ROOT, "%.2f", s.median() / torchForward), gflops(flops, s),
                ofCeiling(flops, s), labelMb, peakMb(s), s.plan);
    }

    /** One line of the summary table: a DJL side against the PyTorch side (either may be missing). */
    private String row(String label, long flops, Series djl, Series torch) {
        double ratio = djl != null && torch != null ? djl.median() / torch.median() : Double.NaN;
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", label,
                djl == null ? "-" : djl.variant.key, ms(djl), ms(torch), Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio),
                gflops(flops, djl), gflops(flops, torch), ofCeiling(flops, djl), ofCeiling(flops, torch), peakMb(djl), peakMb(torch),
                faults(djl), faults(torch));
    }

    /** A side's GFLOP/s as a share of its convolution ceiling (measured through the same engine). */
    private String ofCeiling(long flops, Series s) {
        Double ceiling = s == null ? null : ceilings.get(s.variant);
        if (ceiling == null || !(ceiling > 0)) return "-";
        return String.format(Locale.ROOT, "%.0f%%", 100 * flops / 1e9 / (s.median() / 1000) / ceiling);
    }

    /**
     * Each variant's convolution ceiling: the best GFLOP/s of a 3 x 3 convolution, 64 to 64 channels on
     * 512 x 512, through that side's engine and threads, in its own worker, before any workload.
     */
    private Map<Variant, Double> convolutionCeilings() throws IOException {
        Map<Variant, Double> result = new LinkedHashMap<>();
        for (Variant v : options.variants) {
            try (WorkerProcess p = start(v)) {
                JsonObject cmd = WorkerProcess.command("ceiling");
                cmd.addProperty("reps", 5);
                double gflops = p.request(cmd).get("gflops").getAsDouble();
                result.put(v, gflops);
                out.printf(Locale.ROOT, "convolution ceiling %s: %.0f GFLOP/s (3x3 conv 64->64 channels, 512x512, best of 5)%n", v.key, gflops);
            }
        }
        return result;
    }

    private static String ms(Series s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.0f", s.median());
    }

    private static String gflops(long flops, Series s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.1f", flops / 1e9 / (s.median() / 1000));
    }

    private static String peakMb(Series s) {
        return s == null || s.peakKb < 0 ? "-" : Long.toString(s.peakKb / 1024);
    }

    /** Minor page faults per call, in thousands. */
    private static String faults(Series s) {
        if (s == null || s.faultsPerCall() < 0) return "-";
        double k = s.faultsPerCall() / 1000;
        return String.format(Locale.ROOT, k < 10 ? "%.1fk" : "%.0fk", k);
    }

    private Map<Variant, Series> time(Workload w, long flops, boolean printVersions) throws IOException {
        out.printf(Locale.ROOT, "%n%s (%s, %d features, %d classes): %.1f GFLOP per %s%n", w.label(),
                w.spec.seBlock().key() + " " + w.spec.aggregation().key() + " " + w.spec.positions().get(0).key() + " r=" + w.spec.reduction(),
                w.spec.features(), w.spec.classCount(), flops / 1e9, w.op == Workload.Op.INFER ? "inference"
                        : w.op == Workload.Op.SEGMENT ? "forward over the image's pixels" : "training step (3 x forward)");
        Map<Variant, Series> results = new LinkedHashMap<>();
        List<WorkerProcess> workers = new ArrayList<>();
        boolean segment = w.op == Workload.Op.SEGMENT;
        List<Variant> variants = new ArrayList<>(options.variants);
        // A segment case's DJL side chooses the reference forward, so it is set up first.
        if (segment) variants.sort((a, b) -> Boolean.compare(b.djl, a.djl));
        Workload reference = segment ? w.reference() : null;
        try {
            for (Variant v : variants) {
                WorkerProcess p = start(v);
                workers.add(p);
                JsonObject hello = p.request(WorkerProcess.command("hello"));
                if (printVersions) out.println("  " + v.key + ": " + describe(hello));
                // PyTorch has no segment path: its side of a segment case is the DJL side's reference forward.
                JsonObject ready = p.request(segment && !v.djl ? reference.toJson() : w.toJson());
                Series series = new Series(v);
                if (ready.has("reference_shape")) {
                    long[] shape = new long[4];
                    for (int i = 0; i < 4; i++) shape[i] = ready.getAsJsonArray("reference_shape").get(i).getAsLong();
                    reference = new Workload(Workload.Op.INFER, w.spec, shape);
                    series.reference = reference;
                    series.referenceUntiled = ready.get("reference_untiled").getAsBoolean();
                }
                results.put(v, series);
            }
            for (int r = 0; r < options.rounds; r++) {
                for (int i = 0; i < workers.size(); i++) {
                    JsonObject cmd = WorkerProcess.command("round");
                    // A segment call is long and the DJL worker warmed up at setup: one timed call per round, the
                    // PyTorch forward warmed up in the first round only.
                    boolean warm = !segment || (r == 0 && !variants.get(i).djl);
                    cmd.addProperty("warmup", warm ? options.warmup : 0);
                    cmd.addProperty("reps", segment ? 1 : options.reps);
                    results.get(variants.get(i)).add(workers.get(i).request(cmd));
                }
            }
        } finally {
            for (WorkerProcess p : workers) p.close();
        }
        out.printf(Locale.ROOT, "  %-15s %10s  %-28s %8s %10s %12s%n", "side", "median ms", "round medians (ms)", "GFLOP/s", "VmHWM MB",
                "faults/call");
        for (Series s : results.values()) {
            // A segment case's PyTorch side timed the reference forward, not the image.
            long f = segment && !s.variant.djl ? FlopCount.forward(w.spec, reference.shape) : flops;
            out.printf(Locale.ROOT, "  %-15s %10.1f  %-28s %8.1f %10d %12.0f%s%n", s.variant.key, s.median(), s.roundMedians(),
                    f / 1e9 / (s.median() / 1000), s.peakKb / 1024, s.faultsPerCall(),
                    segment && !s.variant.djl ? "  (untiled forward of " + reference.label() + ")" : "");
            if (segment && s.variant.djl) {
                out.printf(Locale.ROOT, "  %-15s %10.1f  (untiled forward of %s, after each segment call)%n", s.variant.key + " forward",
                        s.referenceMedian(), s.reference.label());
                out.println("  plan: " + s.plan);
            }
        }
        Series torch = firstOf(results, false);
        if (torch != null && !segment) {
            for (Series s : results.values()) {
                if (s.variant.djl) {
                    out.printf(Locale.ROOT, "  ratio %s/%s = %.2f%n", s.variant.key, torch.variant.key, s.median() / torch.median());
                }
            }
        }
        return results;
    }

    private static Series firstOf(Map<Variant, Series> results, boolean djl) {
        for (Series s : results.values()) if (s.variant.djl == djl) return s;
        return null;
    }

    private WorkerProcess start(Variant v) throws IOException {
        String preload = v.preload == null ? null : tcmalloc();
        if (!v.djl) return PythonTwin.start(v.key, options.threads, preload);
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (!options.heap.isEmpty()) cmd.add("-Xmx" + options.heap);
        cmd.add("-D" + TorchEngine.THREADS + "=" + options.threads);
        property(cmd, InferenceMemory.PROPERTY, null);
        property(cmd, TorchEngine.MALLOC_TUNING, v.mallocTuning);
        property(cmd, TorchEngine.HUGE_PAGES, v.hugePages);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DjlWorker.class.getName());
        Map<String, String> env = new HashMap<>(PythonTwin.threadEnvironment(options.threads));
        if (preload != null) env.put("LD_PRELOAD", preload);
        if (v.threadArenas) env.put(OneMallocArena.VARIABLE, null);
        return WorkerProcess.start(v.key, cmd, env);
    }

    /** Passes a native memory setting on: the variant's own, else this JVM's, else none (the default). */
    private static void property(List<String> cmd, String key, String variantValue) {
        String value = variantValue != null ? variantValue : System.getProperty(key);
        if (value != null) cmd.add("-D" + key + "=" + value);
    }

    /** libtcmalloc from Debian's libgoogle-perftools4 (or libtcmalloc-minimal4). */
    static String tcmalloc() {
        for (String name : List.of("libtcmalloc.so.4", "libtcmalloc_minimal.so.4")) {
            for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/lib/aarch64-linux-gnu")) {
                Path p = Paths.get(dir, name);
                if (Files.exists(p)) return p.toString();
            }
        }
        throw new IllegalStateException("tcmalloc is not installed (Debian: apt-get install libgoogle-perftools4)");
    }

    private static String describe(JsonObject hello) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonElement> e : hello.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().getAsString());
        }
        return sb.toString();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min; " + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String keys(List<Variant> variants) {
        List<String> k = new ArrayList<>();
        variants.forEach(v -> k.add(v.key));
        return String.join(",", k);
    }

    /** The timings of one variant on one workload. */
    private static final class Series {
        final Variant variant;
        final List<Double> roundMedians = new ArrayList<>();
        final List<Double> roundFaults = new ArrayList<>();
        final List<Double> referenceMedians = new ArrayList<>();
        String plan = "";
        /** A segment case's reference forward (DJL side), and whether it is the untiled input itself. */
        Workload reference;
        boolean referenceUntiled;
        long peakKb = -1;

        Series(Variant variant) {
            this.variant = variant;
        }

        void add(JsonObject reply) {
            List<Double> times = new ArrayList<>();
            reply.getAsJsonArray("times_ms").forEach(e -> times.add(e.getAsDouble()));
            roundMedians.add(Benchmark.median(times));
            peakKb = Math.max(peakKb, reply.get("vmhwm_kb").getAsLong());
            long faults = reply.has("minor_faults") ? reply.get("minor_faults").getAsLong() : -1;
            roundFaults.add(faults < 0 ? -1 : faults / (double) times.size());
            if (reply.has("reference_ms")) {
                List<Double> ref = new ArrayList<>();
                reply.getAsJsonArray("reference_ms").forEach(e -> ref.add(e.getAsDouble()));
                referenceMedians.add(Benchmark.median(ref));
                plan = reply.get("plan").getAsString();
            }
        }

        double referenceMedian() {
            return Benchmark.median(referenceMedians);
        }

        /** Median over rounds of the minor page faults per timed call; -1 if unknown. */
        double faultsPerCall() {
            return Benchmark.median(roundFaults);
        }

        double median() {
            return Benchmark.median(roundMedians);
        }

        String roundMedians() {
            List<String> s = new ArrayList<>();
            roundMedians.forEach(v -> s.add(String.format(Locale.ROOT, "%.0f", v)));
            return "[" + String.join(", ", s) + "]";
        }
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
