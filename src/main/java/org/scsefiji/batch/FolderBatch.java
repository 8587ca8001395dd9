package org.scsefiji.batch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.scsefiji.options.Settings;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.CancelledException;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.task.UserMessages;

/**
 * One file, or the files of a folder matching name patterns, each processed by a {@link FileJob} into an output
 * folder: the batch behind the command line's {@code segment} and Fiji's Segment Folder. Inputs whose
 * {@linkplain FileJob#doneFile done file} exists can be skipped (a stopped batch continues where it ended); a
 * file that fails is reported and the others go on; a cancel ends the batch after the files done so far.
 */
public final class FolderBatch {
    /** Hears about each file; every method does nothing unless overridden. */
    public interface Listener {
        default void started(Path input, int index, int count) {
        }

        default void written(Path input, List<Path> outputs) {
        }

        default void skipped(Path input, String why) {
        }

        /** @param problem what went wrong, without the file name */
        default void failed(Path input, String problem) {
        }
    }

    /** What a batch did. */
    public static final class Summary {
        public final int processed;
        public final int skipped;
        /** "file name: problem", one per failed file. */
        public final List<String> failures;
        public final boolean cancelled;
        private final String doneWord;

        Summary(String doneWord, int processed, int skipped, List<String> failures, boolean cancelled) {
            this.doneWord = doneWord;
            this.processed = processed;
            this.skipped = skipped;
            this.failures = List.copyOf(failures);
            this.cancelled = cancelled;
        }

        @Override
        public String toString() {
            return processed + " " + doneWord + ", " + skipped + " skipped (already done), " + failures.size() + " failed"
                    + (cancelled ? ", cancelled" : "");
        }
    }

    private final List<Path> inputs;
    private final Path output;

    private FolderBatch(List<Path> inputs, Path output) {
        this.inputs = inputs;
        this.output = output;
    }

    /**
     * The batch for a file, or for the files of a folder matching any of the comma-separated {@code patterns}
     * (ignoring case; hidden files left out; sorted by name). Results of a folder must go to another folder, or
     * the next run would take them as inputs.
     *
     * @throws IllegalArgumentException for no patterns, or an output folder that is the input folder
     * @throws IOException when the input does not exist or cannot be listed
     */
    public static FolderBatch of(Path fileOrFolder, String patterns, Path outputFolder) throws IOException {
        Path input = fileOrFolder.toAbsolutePath().normalize();
        Path output = outputFolder.toAbsolutePath().normalize();
        if (Files.isRegularFile(input)) return new FolderBatch(List.of(input), output);
        if (!Files.isDirectory(input)) throw new IOException(fileOrFolder + ": no such file or folder");
        if (input.equals(output) || Files.isDirectory(output) && Files.isSameFile(input, output)) {
            throw new IllegalArgumentException("The output folder must differ from the input folder (" + input
                    + "), or the results would be segmented as images in the next run");
        }
        return new FolderBatch(list(input, patterns), output);
    }

    /** The batch of Segment Folder's (or the command line's segment) settings: input_directory, file_filter, output_directory. */
    public static FolderBatch of(Settings s) throws IOException {
        return of(s.path("input_directory"), s.text("file_filter"), s.path("output_directory"));
    }

    private static List<Path> list(Path folder, String patterns) throws IOException {
        Predicate<String> names = nameFilter(patterns);
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> names.test(f.getFileName().toString()))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /**
     * Which file names a folder batch takes: those matching any of the comma-separated glob {@code patterns},
     * ignoring case, hidden files (starting with '.') left out. Also the rule of other listings of a folder
     * (the Spark job's, through Hadoop's file systems).
     *
     * @throws IllegalArgumentException for no patterns
     */
    public static Predicate<String> nameFilter(String patterns) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String pattern : patterns.split(",")) {
            if (!pattern.isBlank()) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.trim().toLowerCase(Locale.ROOT)));
        }
        if (matchers.isEmpty()) throw new IllegalArgumentException("No file name patterns: give patterns such as *.tif");
        return name -> !name.startsWith(".")
                && matchers.stream().anyMatch(m -> m.matches(Paths.get(name.toLowerCase(Locale.ROOT))));
    }

    /** The input files, absolute. */
    public List<Path> inputs() {
        return inputs;
    }

    /** The output folder, absolute. */
    public Path output() {
        return output;
    }

    /** Runs {@code job} on every input (creating the output folder). */
    public Summary run(FileJob job, boolean skipExisting, Listener listener, ProgressListener progress, CancelToken cancel)
            throws IOException {
        Files.createDirectories(output);
        Set<Path> protectedInputs = new HashSet<>(inputs);
        int processed = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        try {
            for (int i = 0; i < inputs.size(); i++) {
                cancel.check();
                Path input = inputs.get(i);
                Path done = job.doneFile(input, output);
                if (skipExisting && Files.exists(done)) {
                    listener.skipped(input, done.getFileName() + " exists");
                    skipped++;
                    continue;
                }
                listener.started(input, i, inputs.size());
                int index = i;
                String prefix = input.getFileName() + " (" + (i + 1) + "/" + inputs.size() + ")";
                ProgressListener fileProgress = (f, m) -> progress.progress((index + f) / inputs.size(), prefix + ": " + m);
                try {
                    listener.written(input, job.process(input, output, protectedInputs, fileProgress, cancel));
                    processed++;
                } catch (CancelledException e) {
                    throw e;
                } catch (Exception | OutOfMemoryError e) {
                    String problem = problem(input, e);
                    failures.add(input.getFileName() + ": " + problem);
                    listener.failed(input, problem);
                }
            }
        } catch (CancelledException e) {
            return new Summary(job.doneWord(), processed, skipped, failures, true);
        }
        return new Summary(job.doneWord(), processed, skipped, failures, false);
    }

    /** The failure in words, without the file name that messages about the file start with. */
    private static String problem(Path input, Throwable e) {
        if (e instanceof OutOfMemoryError) return "not enough memory; try a smaller tile size";
        String why = UserMessages.describe(e);
        String prefix = input + ": ";
        return why.startsWith(prefix) ? why.substring(prefix.length()) : why;
    }
}
