package org.scsefiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scsefiji.bench.Benchmark;
import org.scsefiji.bench.InstanceBenchmark;
import org.scsefiji.bench.TwinCheck;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Choices;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Option;
import org.scsefiji.options.Settings;

/** {@code bench}: DJL against its PyTorch twin, side by side; {@code --check-twin} shows they are the same network. */
final class BenchCommand implements Subcommand {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String description() {
        return "time inference and training in DJL against the same network in PyTorch (python3 + torch)";
    }

    /** The bench's options (a developer tool, so its description lives here, not in {@code Operations}). */
    static final Operation OPERATION = new Operation("bench", "Bench", List.of(
            Option.choice("what", "all", List.of("all", "train", "infer", "segment", "instances"), "train, infer, segment, instances or all"
                    + " (= train and infer); inference runs on the whole image, untiled; segment runs the product path (default options)"
                    + " on square 8-bit images of --sizes, with the untiled forward and PyTorch's beside it; instances: the nuclei"
                    + " model's network against its instance post-processing on one large image, in this process"),
            Option.text("sizes", "1024,4096", "segment: square image sides, comma-separated"),
            Option.text("heap", "", "the DJL worker's Java heap (-Xmx), e.g. 4g: segment cases then show peak memory at a fixed heap"
                    + " (the memory budget follows -Dscse.inferenceMemory of this JVM when given); empty = the JVM's default"),
            Option.text("arch", "", "architectures, comma-separated: " + Choices.choices(Architecture.class) + " (default relaynet,unet;"
                    + " relaynet on a 496x768 B-scan / 4 strips of 496x64, the others on 1024x1024 / 4 tiles of 256x256)"),
            Option.integer("features", 64, 4, 4096, "feature maps per block"),
            Option.integer("threads", 0, 0, 256, "intra-op threads of every side (0 = 2, or 1 for --check-twin; interop threads 1)"),
            Option.integer("rounds", 3, 1, 1000, "interleaved rounds per side (instances: timed rounds of network then post-processing)"),
            Option.integer("reps", 3, 1, 1000, "timed calls per round"),
            Option.integer("warmup", 1, 0, 1000, "untimed calls at the start of each round (instances: untimed"
                    + " runs of both on a 512 x 512 mosaic first)"),
            Option.text("variants", "djl,torch", "sides, comma-separated: djl (as configured), djl-nomallopt, djl-nohugepages,"
                    + " djl-arenas (a malloc arena per thread), djl-untuned (none of the three), djl-tcmalloc, torch, torch-tcmalloc"),
            Option.integer("size", 2048, 64, 16384, "with --what instances: the image's side in pixels"),
            Option.text("model", "models/nuclei.scse", "with --what instances: a model file that declares instance post-processing"),
            Option.text("image", "models/samples/nuclei-00071198d059ba7f.tif", "with --what instances: a 2-D image, mirrored into a mosaic of"
                    + " --size x --size"),
            Option.bool("check_twin", false, "instead of timing: check that the twin gives the same probabilities and gradients as"
                    + " our networks, for every architecture (or those of --arch)")));

    @Override
    public String usage() {
        return Flags.usage(OPERATION)
                + "The python with PyTorch is found as -Dscse.python / SCSE_PYTHON, python3, /usr/bin/python3 or python.\n";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Settings a = Settings.of(OPERATION, Flags.parse(OPERATION, args, 1));
        Benchmark.Options o = new Benchmark.Options();
        boolean check = a.bool("check_twin");
        // The check is about numbers: one thread keeps it quick on a busy machine.
        o.threads = a.integer("threads") != 0 ? a.integer("threads") : check ? 1 : 2;
        if (check) {
            // The in-process DJL side: as many threads as the twin (read when the engine starts).
            if (System.getProperty(TorchEngine.THREADS) == null) System.setProperty(TorchEngine.THREADS, Integer.toString(o.threads));
            List<Architecture> archs = a.isBlank("arch") ? List.of(Architecture.values()) : architectures(a.text("arch"));
            return TwinCheck.checkAll(archs, o.threads, out) ? 0 : 1;
        }
        if (a.choice("what").equals("instances")) {
            if (System.getProperty(TorchEngine.THREADS) == null) System.setProperty(TorchEngine.THREADS, Integer.toString(o.threads));
            InstanceBenchmark.Options i = new InstanceBenchmark.Options();
            i.model = Path.of(a.text("model"));
            i.tile = Path.of(a.text("image"));
            i.size = a.integer("size");
            i.rounds = a.integer("rounds");
            i.warmup = a.integer("warmup");
            new InstanceBenchmark(i, out).run();
            return 0;
        }
        String what = a.choice("what");
        o.infer = what.equals("all") || what.equals("infer");
        o.train = what.equals("all") || what.equals("train");
        if (what.equals("segment")) o.segmentSizes = sizes(a.text("sizes"));
        o.heap = a.text("heap").trim();
        if (!o.heap.isEmpty() && !o.heap.matches("[0-9]+[kKmMgG]?")) {
            throw new UsageException("Option --heap: '" + o.heap + "' is not a heap size such as 4g or 3000m");
        }
        if (!a.isBlank("arch")) o.architectures = architectures(a.text("arch"));
        o.features = a.integer("features");
        o.rounds = a.integer("rounds");
        o.reps = a.integer("reps");
        o.warmup = a.integer("warmup");
        List<Benchmark.Variant> variants = new ArrayList<>();
        try {
            for (String v : a.text("variants").split(",")) variants.add(Benchmark.Variant.parse(v));
        } catch (IllegalArgumentException e) {
            throw new UsageException("Option --variants: " + e.getMessage());
        }
        o.variants = variants;
        new Benchmark(o, out).run();
        return 0;
    }

    private static List<Long> sizes(String text) {
        List<Long> list = new ArrayList<>();
        for (String v : text.split(",")) {
            try {
                long side = Long.parseLong(v.trim());
                if (side < 1) throw new NumberFormatException();
                list.add(side);
            } catch (NumberFormatException e) {
                throw new UsageException("Option --sizes: '" + v.trim() + "' is not a positive whole number of pixels");
            }
        }
        return list;
    }

    private static List<Architecture> architectures(String text) {
        List<Architecture> list = new ArrayList<>();
        try {
            for (String s : text.split(",")) list.add(Architecture.parse(s));
        } catch (IllegalArgumentException e) {
            throw new UsageException("Option --arch: " + e.getMessage());
        }
        return list;
    }
}
