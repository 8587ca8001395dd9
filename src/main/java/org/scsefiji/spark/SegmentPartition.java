package org.scsefiji.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.scsefiji.batch.FolderBatch;
import org.scsefiji.imagej.FileSegmentation;
import org.scsefiji.infer.Plausibility;
import org.scsefiji.io.FileNames;
import org.scsefiji.model.PixelSize;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Settings;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.UserMessages;

/**
 * On an executor: segments the files of one partition with the command line's per-file code
 * ({@link FileSegmentation} run by a one-file {@link FolderBatch}, so outputs are byte for byte the CLI's and a
 * bad file is reported, not thrown), into a local temporary folder, then publishes the outputs into the output
 * folder ({@link HadoopFiles#publish}: whole files, the label image last, so its presence means done).
 */
final class SegmentPartition implements FlatMapFunction<Iterator<String>, FileOutcome> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> model;
    private final String modelName;
    private final Map<String, String> settings;
    private final String output;
    private final HadoopFiles.Conf conf;

    SegmentPartition(Broadcast<byte[]> model, String modelName, Settings settings, String output, HadoopFiles.Conf conf) {
        this.model = model;
        this.modelName = modelName;
        this.settings = new java.util.HashMap<>(settings.asMap());
        this.output = output;
        this.conf = conf;
    }

    @Override
    public Iterator<FileOutcome> call(Iterator<String> files) throws Exception {
        Settings s = Settings.of(SegmentJob.OPERATION, settings);
        FileSegmentation.Options options = FileSegmentation.options(s);
        Configuration hadoop = conf.get();
        ExecutorModels models = ExecutorModels.of(model.id(), modelName, model.value(), s.choice("device"));
        List<FileOutcome> outcomes = new ArrayList<>();
        ScseModel m = null;
        try {
            while (files.hasNext()) {
                String file = files.next();
                if (m == null) m = models.borrow(); // loaded only when there is work
                outcomes.add(segment(file, m, options, hadoop));
            }
        } finally {
            if (m != null) models.giveBack(m);
        }
        return outcomes.iterator();
    }

    private FileOutcome segment(String file, ScseModel m, FileSegmentation.Options options, Configuration hadoop) {
        long start = System.nanoTime();
        java.nio.file.Path temp = null;
        try {
            Path input = new Path(file);
            Path outFolder = new Path(output);
            String base = FileNames.baseName(input.getName());
            Path done = new Path(outFolder, base + FileSegmentation.LABELS_SUFFIX);
            if (options.skipExisting && done.getFileSystem(hadoop).exists(done)) {
                return FileOutcome.skipped(file, done.getName() + " exists");
            }
            temp = Files.createTempDirectory("scse-spark-");
            java.nio.file.Path local = HadoopFiles.isLocal(input) ? HadoopFiles.local(input)
                    : HadoopFiles.copyToLocal(input, Files.createDirectory(temp.resolve("in")), hadoop);
            java.nio.file.Path staged = temp.resolve("out");
            Outcome o = new Outcome(file);
            FolderBatch.of(local, "*", staged).run(new FileSegmentation(m, options, o), false, o, (f, msg) -> { }, new CancelToken());
            if (o.problem != null) return FileOutcome.failed(file, seconds(start), o.problem);
            java.nio.file.Path labels = o.written.get(0); // FileJob: the done file first
            for (java.nio.file.Path w : o.written) {
                if (w.equals(labels) || w.getFileName().toString().equals(FileSegmentation.SUMMARY_FILE)) continue;
                HadoopFiles.publish(w, new Path(outFolder, w.getFileName().toString()), hadoop);
            }
            HadoopFiles.publish(labels, done, hadoop);
            double seconds = seconds(start);
            System.out.printf(Locale.ROOT, "scse: %s written (%.1f s)%n", file, seconds);
            java.nio.file.Path objects = staged.resolve(FileSegmentation.SUMMARY_FILE);
            if (!Files.exists(objects)) return FileOutcome.written(file, seconds, -1, Double.NaN);
            // the instance summary of this one image (the driver gathers them all into one summary.csv)
            // image,count,mean_area,seconds: the image's name may hold commas, the numbers never do
            String[] row = Files.readAllLines(objects).get(1).split(",");
            return FileOutcome.written(file, seconds, Long.parseLong(row[row.length - 3]), Double.parseDouble(row[row.length - 2]));
        } catch (Exception | OutOfMemoryError e) {
            String problem = e instanceof OutOfMemoryError ? "not enough memory; try a smaller tile size" : UserMessages.describe(e);
            System.err.println("scse: FAILED " + file + ": " + problem);
            return FileOutcome.failed(file, seconds(start), problem);
        } finally {
            if (temp != null) deleteTree(temp);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteTree(java.nio.file.Path folder) {
        try (Stream<java.nio.file.Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("scse: could not delete " + folder + ": " + e.getMessage());
        }
    }

    /** What the one-file batch did. */
    private static final class Outcome implements FileSegmentation.Listener {
        private final String file;
        List<java.nio.file.Path> written = List.of();
        String problem;

        Outcome(String file) {
            this.file = file;
        }

        @Override
        public void written(java.nio.file.Path input, List<java.nio.file.Path> outputs) {
            written = outputs;
        }

        @Override
        public void failed(java.nio.file.Path input, String why) {
            problem = why;
        }

        @Override
        public void judged(java.nio.file.Path input, Plausibility p, PixelSize size, long[] networkSize) {
            System.out.println("scse: " + file + ": " + (size == null ? "pixel size unknown" : "pixel size " + size) + "; " + p.describe());
        }
    }
}
