package org.scsefiji.spark;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.scsefiji.batch.FolderBatch;
import org.scsefiji.cli.Flags;
import org.scsefiji.cli.Main;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.imagej.FileSegmentation;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Option;
import org.scsefiji.options.Settings;

/**
 * {@code java -jar scse-spark.jar bench --model M --input DIR [--images N]}: images per second of the Spark job in
 * local mode with 1 and with 2 workers (local[1], local[2]: one engine each), against its peer, the command
 * line's {@code segment} on the same images in the same JVM. Every engine gets one PyTorch thread, so that the
 * figures show what more workers bring. Each run is timed whole (Spark's start, model loading, writing), as a user
 * waits for it; label images beside their images ({@code X_labels.tif}, as in training folders) are left out.
 */
final class SparkBenchmark {
    private static final Operation OPERATION = new Operation("spark_bench", "Spark benchmark", List.of(
            SegmentJob.OPERATION.option("model"),
            Option.folder("input_directory", "folder of images; the first N by name are copied and segmented").required().aliases("input"),
            Option.integer("images", 16, 1, 100_000, "how many images"),
            SegmentJob.OPERATION.option("device")));

    private SparkBenchmark() {
    }

    static String usage() {
        return "usage: java -jar scse-spark.jar bench [options]\n" + Flags.usage(OPERATION);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Settings s = Settings.of(OPERATION, Flags.parse(OPERATION, args, 1));
        System.setProperty(TorchEngine.THREADS, "1");
        Predicate<String> images = FolderBatch.nameFilter(Operations.IMAGE_PATTERNS);
        List<Path> chosen;
        try (Stream<Path> files = Files.list(s.existingFolder("input_directory"))) {
            chosen = files.filter(p -> images.test(p.getFileName().toString()) && !p.getFileName().toString().endsWith(FileSegmentation.LABELS_SUFFIX))
                    .sorted().limit(s.integer("images")).collect(Collectors.toList());
        }
        if (chosen.isEmpty()) throw new IllegalArgumentException(s.text("input_directory") + " holds no images");
        Path work = Files.createTempDirectory("scse-spark-bench-");
        Path in = Files.createDirectories(work.resolve("in"));
        for (Path p : chosen) Files.copy(p, in.resolve(p.getFileName()));
        String model = s.text("model");
        String device = s.choice("device");
        out.printf(Locale.ROOT, "%d images from %s, model %s, %d cores, one PyTorch thread per engine%n", chosen.size(),
                s.text("input_directory"), model, Runtime.getRuntime().availableProcessors());

        // warm-up (not timed): the engine's natives and the JIT, which the first timed run would otherwise pay alone
        Files.createDirectories(work.resolve("warm"));
        Files.copy(chosen.get(0), work.resolve("warm").resolve(chosen.get(0).getFileName()));
        time("warm-up", Main.run(new String[] {"segment", "--model", model, "--device", device, "--input", work.resolve("warm").toString(),
            "--output", work.resolve("warm-out").toString()}, quiet(), quiet()), 0, 0, null);

        long t = System.nanoTime();
        int code = Main.run(new String[] {"segment", "--model", model, "--device", device, "--input", in.toString(), "--output",
            work.resolve("cli").toString()}, quiet(), quiet());
        double cli = time("scse.jar segment (1 engine)", code, chosen.size(), (System.nanoTime() - t) / 1e9, out);
        double one = 0;
        for (int workers : new int[] {1, 2}) {
            t = System.nanoTime();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8);
            code = SegmentJob.run(new String[] {"segment", "--model", model, "--device", device, "--input", in.toString(), "--output",
                work.resolve("spark" + workers).toString(), "--master", "local[" + workers + "]"}, p, p);
            double rate = time("spark local[" + workers + "] (" + workers + (workers == 1 ? " engine)" : " engines)"), code, chosen.size(),
                    (System.nanoTime() - t) / 1e9, out);
            if (workers == 1) one = rate;
            else out.printf(Locale.ROOT, "local[2] / local[1]: %.2fx; local[2] / scse.jar segment: %.2fx%n", rate / one, rate / cli);
        }
        return 0;
    }

    /** Prints and returns images per second; a failed run is an error (the figures would mean nothing). */
    private static double time(String what, int code, int images, double seconds, PrintStream out) {
        if (code != 0) throw new IllegalStateException(what + " failed (exit code " + code + ")");
        if (out == null) return 0;
        double rate = images / seconds;
        out.printf(Locale.ROOT, "%-32s %4d images in %7.1f s: %6.3f images/s%n", what, images, seconds, rate);
        return rate;
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
