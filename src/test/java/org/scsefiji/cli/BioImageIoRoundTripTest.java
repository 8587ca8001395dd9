package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scsefiji.export.EngineAgreement;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;

/**
 * The proof, on the command line: each shipped model exported as a bioimage.io package and the package
 * given back to {@code segment} in place of the model segments the demo sample with the model's own labels.
 * Exported in whole-slice mode (the graph mirrors its border and squeezes over the image) the labels are
 * exactly the model's (for networks that unpool at max-pooling switches, but for the few pixels
 * {@link EngineAgreement} explains); in plain mode the graph squeezes its channels over the whole tile it is given, margins
 * included, so a few pixels may differ (printed, and bounded here). ONNX Runtime reproducing our probabilities
 * within 1e-4 on the same samples is {@code export.ShippedModelsExportTest}.
 */
class BioImageIoRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"oct-retinal-layers, oct-subject05-bscan28", "nuclei, nuclei-00071198d059ba7f"})
    void packageSegmentsLikeTheModel(String name, String sample) throws Exception {
        Path model = Path.of("models", name + ".scse");
        Path image = Path.of("models", "samples", sample + ".tif");
        assertTrue(Files.isRegularFile(model) && Files.isRegularFile(image), "shipped model and sample");
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(image, in.resolve(image.getFileName()));
        long[] own = labels(segment(model, in, "own"), sample);

        Path whole = dir.resolve(name + "-whole.zip");
        run("export", "--model", model.toString(), "--out", whole.toString(), "--test-image", image.toString(), "--whole-slice");
        long[] wholeLabels = labels(segment(whole, in, "whole"), sample);
        System.out.printf("%s: whole-slice package, labels equal to the model's on %d of %d pixels%n", name, same(own, wholeLabels), own.length);
        boolean switches;
        try (ScseModel m = ModelFile.load(model, Device.cpu())) {
            switches = EngineAgreement.unpoolsAtSwitches(m);
        }
        EngineAgreement.assertLabels(name + ": the whole-slice package vs the model", own, wholeLabels, switches);

        Path plain = dir.resolve(name + ".zip");
        run("export", "--model", model.toString(), "--out", plain.toString(), "--test-image", image.toString());
        long[] plainLabels = labels(segment(plain, in, "plain"), sample);
        long same = same(own, plainLabels);
        System.out.printf("%s: plain package (channel squeeze over the tile with its margins), labels equal to the model's on %d of"
                + " %d pixels (%.3f %%)%n", name, same, own.length, 100.0 * same / own.length);
        assertTrue(same >= 0.99 * own.length, name + ": the plain package agrees with the model on " + same + " of " + own.length);
    }

    /** {@code segment --model M} on the folder, raw labels (no post-processing, which the package does not carry). */
    private Path segment(Path model, Path in, String tag) {
        Path out = dir.resolve("out-" + tag);
        String printed = run("segment", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(),
                "--postprocessing", "none", "--overlay", "none");
        assertTrue(printed.contains("written=1"), printed);
        return out;
    }

    private static long[] labels(Path folder, String sample) throws Exception {
        RandomAccessibleInterval<? extends RealType<?>> img = new ImageIoReader().read(folder.resolve(sample + "_labels.tif"));
        List<Long> values = new java.util.ArrayList<>();
        Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
        while (c.hasNext()) values.add((long) c.next().getRealDouble());
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static long same(long[] a, long[] b) {
        assertEquals(a.length, b.length, "label images of the same size");
        long n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == b[i]) n++;
        return n;
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, o + err.toString(StandardCharsets.UTF_8));
        return o;
    }
}
