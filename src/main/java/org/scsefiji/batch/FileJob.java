package org.scsefiji.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/** What a {@link FolderBatch} does to one input file (segment it, for example). */
public interface FileJob {
    /**
     * The output whose presence means {@code input} is done: {@link #process} writes it last, and a batch that
     * skips existing results skips inputs that have it.
     */
    Path doneFile(Path input, Path outputFolder);

    /**
     * Processes {@code input}, writing into {@code outputFolder} (which exists) atomically
     * ({@code io.AtomicFiles}) and never over any of {@code inputs}.
     *
     * @return the files written, {@link #doneFile} first
     * @throws Exception any failure of this file; the batch reports it and goes on with the next file
     */
    List<Path> process(Path input, Path outputFolder, Set<Path> inputs, ProgressListener progress, CancelToken cancel) throws Exception;

    /** The past participle the batch's summary uses ("3 segmented, 1 skipped ..."). */
    default String doneWord() {
        return "processed";
    }
}
