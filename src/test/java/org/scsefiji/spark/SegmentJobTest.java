package org.scsefiji.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.cli.Main;
import org.scsefiji.io.TestImages;

/**
 * The Spark job in local mode against the command line's segment on the same files: the same bytes in every
 * output, a corrupt file in summary.csv while the others are written, a re-run that skips what is done.
 */
class SegmentJobTest {
    private static final Path MODELS = Paths.get("models");
    private static final Path NUCLEI_SAMPLE = MODELS.resolve("samples/nuclei-00071198d059ba7f.tif");

    @TempDir
    Path dir;

    /** Committed fixtures only: the nuclei model and its demo image (and that image mirrored), and a broken TIFF. */
    @Test
    void localModeWritesTheClisBytesReportsABadFileAndSkipsDoneFilesOnARerun() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(NUCLEI_SAMPLE, in.resolve("a.tif"));
        ImagePlus mirrored = IJ.openImage(NUCLEI_SAMPLE.toString());
        mirrored.getProcessor().flipHorizontal();
        new FileSaver(mirrored).saveAsTiff(in.resolve("b.tif").toString());
        Files.write(in.resolve("broken.tif"), new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 2, 3});

        Path cli = dir.resolve("cli");
        Run c = cli("segment", "--model", "nuclei", "--input", in.toString(), "--output", cli.toString());
        assertEquals(1, c.code, c.text);

        Path out = dir.resolve("spark");
        Run s = spark("segment", "--model", "nuclei", "--input", in.toString(), "--output", out.toString(), "--master", "local[2]");
        assertEquals(1, s.code, "a failed file makes the exit code 1: " + s.text);
        assertTrue(s.text.contains("written=2 skipped=0 failed=1"), s.text);
        assertSameOutputs(cli, out);
        Map<String, String[]> summary = summary(out);
        assertEquals(List.of("a.tif", "b.tif", "broken.tif"), new ArrayList<>(summary.keySet()));
        assertEquals("written", summary.get("a.tif")[1]);
        assertEquals("written", summary.get("b.tif")[1]);
        assertTrue(Double.parseDouble(summary.get("a.tif")[2]) > 0, "seconds are measured");
        assertEquals("failed", summary.get("broken.tif")[1]);
        assertTrue(summary.get("broken.tif")[3].contains("TIFF"), "the error says what is wrong: " + summary.get("broken.tif")[3]);
        assertFalse(Files.exists(out.resolve("broken_labels.tif")));
        assertTrue(leftovers(out).isEmpty(), "no temporary files are left: " + leftovers(out));

        // a re-run leaves finished files alone, and the bad one is still reported
        FileTime written = Files.getLastModifiedTime(out.resolve("a_labels.tif"));
        Run again = spark("segment", "--model", "nuclei", "--input", in.toString(), "--output", out.toString(), "--master", "local[2]");
        assertEquals(1, again.code, again.text);
        assertTrue(again.text.contains("written=0 skipped=2 failed=1"), again.text);
        summary = summary(out);
        assertEquals("skipped", summary.get("a.tif")[1]);
        assertEquals("skipped", summary.get("b.tif")[1]);
        assertEquals("failed", summary.get("broken.tif")[1]);
        assertEquals(written, Files.getLastModifiedTime(out.resolve("a_labels.tif")));
    }

    /**
     * Input and output on a file system that is not file: (the road of hdfs: and s3a:): inputs copied in,
     * outputs uploaded under temporary names and renamed; a list file as the input.
     */
    @Test
    void otherFileSystemsAreStagedThroughLocalFilesWithTheSameResult() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(NUCLEI_SAMPLE, in.resolve("a.tif"));
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Files.copy(NUCLEI_SAMPLE, other.resolve("a.tif"));
        // the second a.tif would write the same a_labels.tif: it is refused, not allowed to overwrite the first
        Files.writeString(dir.resolve("list.txt"), "# one path per line; relative to this list\n\nin/a.tif\nstaged://" + other.resolve("a.tif") + "\n");
        Path cli = dir.resolve("cli");
        assertEquals(0, cli("segment", "--model", "nuclei", "--input", in.toString(), "--output", cli.toString(), "--overlay", "fill").code);

        Path out = dir.resolve("staged-out");
        System.setProperty("spark.hadoop.fs.staged.impl", StagedFileSystem.class.getName());
        try {
            Run s = spark("segment", "--model", "staged://" + MODELS.toAbsolutePath().resolve("nuclei.scse"),
                    "--input", "staged://" + dir.resolve("list.txt"), "--output", "staged://" + out, "--overlay", "fill", "--master", "local[1]");
            assertEquals(1, s.code, s.text);
            assertTrue(s.text.contains("written=1 skipped=0 failed=1"), s.text);
        } finally {
            System.clearProperty("spark.hadoop.fs.staged.impl");
        }
        assertSameOutputs(cli, out);
        List<String> rows = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(rows.get(1).startsWith("staged:" + in.resolve("a.tif") + ",written,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("staged:" + other.resolve("a.tif") + ",failed,") && rows.get(2).contains("would overwrite"), rows.get(2));
        assertTrue(leftovers(out).isEmpty(), "no temporary files are left: " + leftovers(out));
    }

    /** Real nuclei images from the shared data, listed in a text file, split into objects: every output as the CLI's. */
    @Test
    void sharedNucleiImagesWithInstancesGiveTheClisOutputs() throws Exception {
        Path data = TestImages.sharedData("nuclei/train");
        List<Path> images;
        try (Stream<Path> s = Files.list(data)) {
            images = s.filter(p -> !p.getFileName().toString().endsWith("_labels.tif")).sorted().limit(4).collect(Collectors.toList());
        }
        Path in = Files.createDirectories(dir.resolve("in"));
        for (Path p : images) Files.copy(p, in.resolve(p.getFileName()));
        Path cli = dir.resolve("cli");
        Run c = cli("segment", "--model", "nuclei", "--input", in.toString(), "--output", cli.toString(), "--instances");
        assertEquals(0, c.code, c.text);

        Path list = dir.resolve("images.txt");
        Files.write(list, images.stream().map(Path::toString).collect(Collectors.toList()));
        Path out = dir.resolve("spark");
        Run s = spark("segment", "--model", "nuclei", "--input", list.toString(), "--output", out.toString(), "--instances", "--master", "local[2]");
        assertEquals(0, s.code, s.text);
        assertTrue(s.text.contains("written=4 skipped=0 failed=0"), s.text);
        assertSameOutputs(cli, out);
        // the CLI's summary.csv (image,count,mean_area,seconds) and the job's agree on the objects of each image
        Map<String, String[]> objects = new TreeMap<>();
        for (String line : Files.readAllLines(cli.resolve("summary.csv")).subList(1, images.size() + 1)) {
            String[] f = line.split(",");
            objects.put(f[0], f);
        }
        Map<String, String[]> summary = summary(out);
        assertEquals(objects.keySet(), summary.keySet());
        objects.forEach((image, row) -> {
            assertEquals(row[1], summary.get(image)[4], image + ": object count");
            assertEquals(row[2], summary.get(image)[5], image + ": mean area");
        });
    }

    /** A bad command line is exit code 2 with the usage, before Spark starts; --help lists the CLI's options and Spark's. */
    @Test
    void badCommandLinesAreRefusedWithTheUsage() {
        Run r = spark("segment", "--model", "nuclei", "--input", dir.toString(), "--output", dir.resolve("o").toString(), "--tile-size", "big");
        assertEquals(2, r.code, r.text);
        assertTrue(r.text.contains("--tile-size 'big'") && r.text.contains("usage:"), r.text);
        assertEquals(2, spark("segment", "--model", "nuclei").code);
        assertEquals(2, spark("train").code);
        Run help = spark("segment", "--help");
        assertEquals(0, help.code);
        assertTrue(help.text.contains("--instances") && help.text.contains("--master") && help.text.contains("--partitions"), help.text);
    }

    /** Every file the CLI wrote (but its summary.csv, which the job replaces) has the same bytes in the job's output. */
    private static void assertSameOutputs(Path cli, Path spark) throws IOException {
        List<Path> expected;
        try (Stream<Path> s = Files.list(cli)) {
            expected = s.filter(p -> !p.getFileName().toString().equals("summary.csv")).sorted().collect(Collectors.toList());
        }
        assertTrue(expected.stream().anyMatch(p -> p.toString().endsWith("_labels.tif")), "the CLI wrote label images: " + expected);
        for (Path p : expected) {
            Path twin = spark.resolve(p.getFileName());
            assertTrue(Files.exists(twin), twin + " is missing");
            assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(twin), p.getFileName() + " differs from the CLI's");
        }
    }

    /** summary.csv by input file name (rows: file, status, seconds, error[, count, mean_area]), in file order. */
    private static Map<String, String[]> summary(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(lines.get(0).startsWith("file,status,seconds,error"), lines.get(0));
        Map<String, String[]> rows = new java.util.LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            rows.put(Paths.get(f[0].replaceFirst("^[a-z]+:", "")).getFileName().toString(), f);
        }
        return rows;
    }

    private static List<Path> leftovers(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).collect(Collectors.toList());
        }
    }

    private static final class Run {
        final int code;
        final String text;

        Run(int code, String text) {
            this.code = code;
            this.text = text;
        }
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(o, true, StandardCharsets.UTF_8);
        int code = Main.run(args, p, p);
        return new Run(code, o.toString(StandardCharsets.UTF_8));
    }

    private static Run spark(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(o, true, StandardCharsets.UTF_8);
        int code = SegmentJob.run(args, p, p);
        return new Run(code, o.toString(StandardCharsets.UTF_8));
    }
}
