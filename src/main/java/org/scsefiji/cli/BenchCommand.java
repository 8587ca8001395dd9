package org.scsefiji.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.scsefiji.bench.Benchmark;
import org.scsefiji.bench.TwinCheck;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Choices;

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

    @Override
    public String usage() {
        return ""
                + "  --what W         train, infer, segment or all (default all = train and infer); inference runs on the\n"
                + "                   whole image, untiled; segment runs the product path (default options) on square\n"
                + "                   8-bit images of --sizes and times the untiled forward beside it (DJL only)\n"
                + "  --sizes S        segment image sides, comma-separated (default 1024,4096)\n"
                + "  --arch A         architectures, comma-separated: " + Choices.choices(Architecture.class) + "\n"
                + "                   (default relaynet,unet; relaynet on a 496x768 B-scan / 4 strips of 496x64,\n"
                + "                   the others on 1024x1024 / 4 tiles of 256x256)\n"
                + "  --features F     feature maps per block (default 64)\n"
                + "  --threads N      intra-op threads of every side (default 2, 1 for --check-twin; interop threads 1)\n"
                + "  --rounds R       interleaved rounds per side (default 3)\n"
                + "  --reps K         timed calls per round (default 3)\n"
                + "  --warmup K       untimed calls at the start of each round (default 1)\n"
                + "  --variants V     sides, comma-separated (default djl,torch): djl (as configured), djl-nomallopt,\n"
                + "                   djl-nohugepages, djl-untuned (neither), djl-tcmalloc, torch, torch-tcmalloc\n"
                + "  --check-twin     instead of timing: check that the twin gives the same probabilities and\n"
                + "                   gradients as our networks, for every architecture (or those of --arch)\n"
                + "The python with PyTorch is found as -Dscse.python / SCSE_PYTHON, python3, /usr/bin/python3 or python.\n";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Arguments a = new Arguments(args, 1, Set.of("what", "arch", "features", "threads", "rounds", "reps", "warmup", "variants", "sizes"),
                Set.of("check_twin"));
        Benchmark.Options o = new Benchmark.Options();
        boolean check = a.flag("check_twin");
        // The check is about numbers: one thread keeps it quick on a busy machine.
        o.threads = a.integer("threads", check ? 1 : 2, 1, 256);
        if (check) {
            // The in-process DJL side: as many threads as the twin (read when the engine starts).
            if (System.getProperty(TorchEngine.THREADS) == null) System.setProperty(TorchEngine.THREADS, Integer.toString(o.threads));
            List<Architecture> archs = a.has("arch") ? architectures(a) : List.of(Architecture.values());
            return TwinCheck.checkAll(archs, o.threads, out) ? 0 : 1;
        }
        String what = a.string("what", "all");
        switch (what) {
            case "all":
                break;
            case "train":
                o.infer = false;
                break;
            case "infer":
                o.train = false;
                break;
            case "segment":
                o.train = false;
                o.infer = false;
                o.segmentSizes = a.parsed("sizes", "1024,4096", text -> {
                    List<Long> list = new ArrayList<>();
                    for (String v : text.split(",")) list.add(Long.parseLong(v.trim()));
                    return list;
                });
                break;
            default:
                throw new UsageException("Option --what must be train, infer, segment or all, got '" + what + "'");
        }
        if (a.has("arch")) o.architectures = architectures(a);
        o.features = a.integer("features", 64, 4, 4096);
        o.rounds = a.integer("rounds", 3, 1, 1000);
        o.reps = a.integer("reps", 3, 1, 1000);
        o.warmup = a.integer("warmup", 1, 0, 1000);
        if (a.has("variants")) {
            o.variants = a.parsed("variants", null, text -> {
                List<Benchmark.Variant> list = new ArrayList<>();
                for (String v : text.split(",")) list.add(Benchmark.Variant.parse(v));
                return list;
            });
        }
        new Benchmark(o, out).run();
        return 0;
    }

    private static List<Architecture> architectures(Arguments a) {
        return a.parsed("arch", null, text -> {
            List<Architecture> list = new ArrayList<>();
            for (String s : text.split(",")) list.add(Architecture.parse(s));
            return list;
        });
    }
}
