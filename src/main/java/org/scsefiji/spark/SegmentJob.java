package org.scsefiji.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.scsefiji.cli.Flags;
import org.scsefiji.cli.UsageException;
import org.scsefiji.imagej.FileSegmentation;
import org.scsefiji.io.CsvTable;
import org.scsefiji.io.FileNames;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ModelLocation;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Option;
import org.scsefiji.options.Settings;

/**
 * Entry point of target/scse-spark.jar: {@code spark-submit --class org.scsefiji.spark.SegmentJob scse-spark.jar
 * segment --model M --input IN --output DIR [the options of the command line's segment]}, or embedded,
 * {@code java -jar scse-spark.jar segment ... [--master local[2]]}. The driver lists the inputs
 * ({@link InputFiles}), leaves those already done, broadcasts the model file's bytes and spreads the files over the
 * executors ({@link SegmentPartition}); it then writes {@code summary.csv} (file, status, seconds, error; with
 * instances also each image's object count and mean area) into the output folder and exits with 1 when any file
 * failed (2 for a bad command line), as {@code scse.jar segment} does.
 */
public final class SegmentJob {
    /** The command line's segment, with the input also a glob or a list, and where Spark runs. */
    static final Operation OPERATION = new Operation("spark_segment", "Segment on Spark", Operations.SEGMENT_FOLDER.options().stream()
            .map(o -> o.key().equals("input_directory") ? o.withDefault("", "folder of images, a glob (hdfs:///scans/*.vol) or a"
                    + " text file listing one path per line; file:, hdfs:, s3a: ... as the cluster's Hadoop reads them") : o)
            .collect(Collectors.toList()))
            .plus("spark_segment", "Segment on Spark",
                    Option.text("master", "", "Spark master, e.g. local[2]; empty = spark-submit's, or local[*] when run with java -jar"),
                    Option.integer("partitions", 0, 0, 1 << 20, "groups of files spread over the executors; 0 = 4 per core"));
    /** The driver's table, one row per input file. */
    static final String SUMMARY_FILE = "summary.csv";

    private SegmentJob() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code segment}; returns 0 when every file was written or skipped, 1 when any failed, 2 for a bad command line. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String usage = "usage: spark-submit --class " + SegmentJob.class.getName() + " scse-spark.jar segment [options]\n"
                + "   or: java -jar scse-spark.jar segment [options]   (Spark in this JVM; bench: images/s for 1 and 2 workers)\n"
                + Flags.usage(OPERATION);
        if (args.length > 0 && args[0].equals("bench")) {
            try {
                if (args.length > 1 && (args[1].equals("--help") || args[1].equals("-h"))) {
                    out.print(SparkBenchmark.usage());
                    return 0;
                }
                return SparkBenchmark.run(args, out);
            } catch (UsageException e) {
                err.println("Error: " + e.getMessage());
                err.print(SparkBenchmark.usage());
                return 2;
            } catch (Exception e) {
                err.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                return 1;
            }
        }
        if (args.length == 0 || !args[0].equals("segment")) {
            err.print(usage);
            return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2;
        }
        if (args.length > 1 && (args[1].equals("--help") || args[1].equals("-h"))) {
            out.print(usage);
            return 0;
        }
        try {
            Settings s = Settings.of(OPERATION, Flags.parse(OPERATION, args, 1));
            FileSegmentation.options(s); // checks the options before Spark starts
            return segment(s, out, err);
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            err.print(usage);
            return 2;
        } catch (Exception e) {
            err.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private static int segment(Settings s, PrintStream out, PrintStream err) throws Exception {
        // one of the Java 17 settings Spark's launcher passes; java -jar reads only the add-opens from the manifest
        if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        SparkConf conf = new SparkConf().setAppName("scSE-Fiji segment");
        if (!s.isBlank("master")) {
            conf.setMaster(s.text("master"));
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // java -jar: Spark in this JVM on every core
        }
        boolean local = conf.get("spark.master").startsWith("local");
        if (local) {
            // in one JVM: no web UI, and Spark's internal endpoints on the loopback only
            if (!conf.contains("spark.ui.enabled")) conf.set("spark.ui.enabled", "false");
            if (!conf.contains("spark.driver.host")) conf.set("spark.driver.host", "127.0.0.1");
            if (!conf.contains("spark.driver.bindAddress")) conf.set("spark.driver.bindAddress", "127.0.0.1");
            if (!conf.contains("spark.log.level")) conf.set("spark.log.level", "WARN");
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            Configuration hadoop = sc.hadoopConfiguration();
            InputFiles inputs = InputFiles.list(s.text("input_directory"), s.text("file_filter"), hadoop);
            Path output = HadoopFiles.qualified(s.text("output_directory"), hadoop);
            if (inputs.folder != null && inputs.folder.equals(output)) {
                throw new IllegalArgumentException("The output folder must differ from the input folder (" + output
                        + "), or the results would be segmented as images in the next run");
            }
            if (inputs.files.isEmpty()) {
                err.println("Error: " + s.text("input_directory") + " holds no image files (" + s.text("file_filter") + ")");
                return 1;
            }
            byte[] modelBytes = readModel(s, hadoop, out);
            FileSystem outFs = output.getFileSystem(hadoop);
            outFs.mkdirs(output);

            // Left on the driver: files already done (one listing of the output folder) and names that clash.
            Set<String> existing = new HashSet<>();
            if (!s.bool("overwrite")) {
                for (FileStatus f : outFs.listStatus(output)) existing.add(f.getPath().getName());
            }
            Map<String, FileOutcome> outcomes = new HashMap<>();
            Map<String, String> byBase = new HashMap<>();
            List<String> todo = new ArrayList<>();
            for (Path p : inputs.files) {
                String file = p.toString();
                String labels = FileNames.baseName(p.getName()) + FileSegmentation.LABELS_SUFFIX;
                String first = byBase.putIfAbsent(labels, file);
                if (first != null) {
                    outcomes.put(file, FileOutcome.failed(file, 0, "its results would overwrite those of " + first + " (" + labels + ")"));
                } else if (existing.contains(labels)) {
                    outcomes.put(file, FileOutcome.skipped(file, labels + " exists"));
                } else {
                    todo.add(file);
                }
            }
            out.printf(Locale.ROOT, "Spark %s, master %s: %d files, %d to segment%n", sc.version(), sc.master(), inputs.files.size(), todo.size());

            if (!todo.isEmpty()) {
                int partitions = s.integer("partitions") > 0 ? s.integer("partitions") : Math.min(todo.size(), 4 * sc.defaultParallelism());
                Broadcast<byte[]> model = sc.broadcast(modelBytes);
                try {
                    String modelName = new Path(s.text("model")).getName();
                    if (!modelName.endsWith(ModelFile.EXTENSION)) modelName += ModelFile.EXTENSION;
                    List<FileOutcome> done = sc.parallelize(todo, partitions)
                            .mapPartitions(new SegmentPartition(model, modelName, s, output.toString(), new HadoopFiles.Conf(hadoop)))
                            .collect();
                    done.forEach(o -> outcomes.put(o.file, o));
                } finally {
                    if (local) ExecutorModels.release(model.id());
                    model.destroy();
                }
            }
            List<FileOutcome> rows = inputs.files.stream().map(p -> outcomes.get(p.toString())).collect(Collectors.toList());
            writeSummary(rows, s.bool("instances"), new Path(output, SUMMARY_FILE), hadoop);
            rows.stream().filter(o -> o.status == FileOutcome.Status.FAILED).forEach(o -> err.println("FAILED " + o.file + ": " + o.error));
            long failed = count(rows, FileOutcome.Status.FAILED);
            out.printf(Locale.ROOT, "written=%d skipped=%d failed=%d (%s)%n", count(rows, FileOutcome.Status.WRITTEN),
                    count(rows, FileOutcome.Status.SKIPPED), failed, new Path(output, SUMMARY_FILE));
            return failed == 0 ? 0 : 1;
        }
    }

    private static long count(List<FileOutcome> rows, FileOutcome.Status status) {
        return rows.stream().filter(o -> o.status == status).count();
    }

    /**
     * The model file's bytes: a path on any Hadoop file system (with a scheme: hdfs://.../m.scse), else as the
     * command line finds it (a path, or the name of a model in ./models). Its header is read here, so that a
     * wrong file or a model without objects for --instances fails before any executor starts.
     */
    private static byte[] readModel(Settings s, Configuration hadoop, PrintStream out) throws Exception {
        String m = s.text("model");
        byte[] bytes = m.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") ? HadoopFiles.readAll(new Path(m), hadoop)
                : Files.readAllBytes(ModelLocation.resolve(m, List.of(java.nio.file.Path.of("models"))));
        java.nio.file.Path copy = Files.createTempFile("scse-model-", ModelFile.EXTENSION);
        try {
            Files.write(copy, bytes);
            ModelFile.Info info = ModelFile.readInfo(copy);
            if (s.bool("instances") && !(info.spec().postProcessing() instanceof InstancePostProcessing)) {
                throw new IllegalArgumentException(m + ": this model does not split objects (its post-processing is "
                        + info.spec().postProcessing().type() + "); --instances needs a model trained with object outlines, such as nuclei");
            }
            out.println("Model: " + m + " (" + info.spec() + ")");
        } finally {
            Files.deleteIfExists(copy);
        }
        return bytes;
    }

    /** summary.csv: file, status (written, skipped, failed), seconds, error; with instances also count and mean_area. */
    private static void writeSummary(List<FileOutcome> rows, boolean instances, Path target, Configuration hadoop) throws IOException {
        List<String> columns = new ArrayList<>(List.of("file", "status", "seconds", "error"));
        if (instances) columns.addAll(List.of("count", "mean_area"));
        CsvTable table = new CsvTable(columns);
        for (FileOutcome o : rows) {
            Object seconds = Math.rint(o.seconds * 1000) / 1000;
            if (instances) {
                table.add(o.file, o.status.word(), seconds, o.error, o.count < 0 ? null : (Object) o.count, o.count < 0 ? null : (Object) o.meanArea);
            } else {
                table.add(o.file, o.status.word(), seconds, o.error);
            }
        }
        java.nio.file.Path local = Files.createTempFile("scse-summary-", ".csv");
        try {
            table.write(local);
            HadoopFiles.publish(local, target, hadoop);
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
