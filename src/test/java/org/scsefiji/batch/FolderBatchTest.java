package org.scsefiji.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.io.AtomicFiles;
import org.scsefiji.io.FileNames;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

class FolderBatchTest {
    @TempDir
    Path dir;

    /** Copies each input's bytes to X_done.txt; fails on files whose content is "bad"; cancels on "stop". */
    private final class CopyJob implements FileJob {
        final List<Path> seenInputs = new ArrayList<>();
        CancelToken cancel;

        @Override
        public Path doneFile(Path input, Path outputFolder) {
            return outputFolder.resolve(FileNames.baseName(input) + "_done.txt");
        }

        @Override
        public List<Path> process(Path input, Path outputFolder, Set<Path> inputs, ProgressListener progress, CancelToken c)
                throws IOException {
            seenInputs.add(input);
            String text = Files.readString(input);
            if (text.equals("bad")) throw new IOException(input + ": is bad");
            if (text.equals("stop")) cancel.cancel();
            Path out = doneFile(input, outputFolder);
            Path tmp = AtomicFiles.temporarySibling(out);
            Files.writeString(tmp, text);
            AtomicFiles.moveIntoPlace(tmp, out);
            return List.of(out);
        }
    }

    @Test
    void listsMatchingFilesSortedSkipsDoneOnesAndGoesOnAfterAFailure() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("b.TIF"), "two");
        Files.writeString(in.resolve("a.tif"), "one");
        Files.writeString(in.resolve("c.tif"), "bad");
        Files.writeString(in.resolve("notes.txt"), "not an image");
        Files.writeString(in.resolve(".hidden.tif"), "hidden");
        Path out = dir.resolve("out");
        FolderBatch batch = FolderBatch.of(in, "*.tif, *.png", out);
        assertEquals(List.of("a.tif", "b.TIF", "c.tif"), batch.inputs().stream().map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toList()));

        List<String> failed = new ArrayList<>();
        FolderBatch.Listener listener = new FolderBatch.Listener() {
            @Override
            public void failed(Path input, String problem) {
                failed.add(input.getFileName() + "|" + problem);
            }
        };
        CopyJob job = new CopyJob();
        FolderBatch.Summary s = batch.run(job, true, listener, ProgressListener.NONE, new CancelToken());
        assertEquals(2, s.processed);
        assertEquals(List.of("c.tif: is bad"), s.failures);
        assertEquals(List.of("c.tif|is bad"), failed, "the problem without the file name");
        assertEquals("one", Files.readString(out.resolve("a_done.txt")));
        assertEquals("2 processed, 0 skipped (already done), 1 failed", s.toString());

        CopyJob again = new CopyJob();
        FolderBatch.Summary s2 = batch.run(again, true, new FolderBatch.Listener() { }, ProgressListener.NONE, new CancelToken());
        assertEquals(2, s2.skipped);
        assertEquals(List.of(in.resolve("c.tif").toAbsolutePath().normalize()), again.seenInputs, "only the failed file is redone");
        FolderBatch.Summary s3 = batch.run(new CopyJob(), false, new FolderBatch.Listener() { }, ProgressListener.NONE, new CancelToken());
        assertEquals(2, s3.processed, "no skipping when asked to redo");
    }

    @Test
    void cancelEndsTheBatchAfterTheCurrentFile() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("1.tif"), "stop");
        Files.writeString(in.resolve("2.tif"), "two");
        CopyJob job = new CopyJob();
        job.cancel = new CancelToken();
        FolderBatch.Summary s = FolderBatch.of(in, "*.tif", dir.resolve("out")).run(job, true, new FolderBatch.Listener() { },
                ProgressListener.NONE, job.cancel);
        assertTrue(s.cancelled);
        assertEquals(1, s.processed);
        assertTrue(Files.notExists(dir.resolve("out/2_done.txt")));
    }

    @Test
    void refusesToWriteIntoTheInputFolder() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        assertThrows(IllegalArgumentException.class, () -> FolderBatch.of(in, "*.tif", in));
        assertThrows(IOException.class, () -> FolderBatch.of(dir.resolve("missing"), "*.tif", dir));
        assertThrows(IllegalArgumentException.class, () -> FolderBatch.of(in, " , ", dir.resolve("o")));
    }
}
