package org.scsefiji.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;

/**
 * The shipped models exported with their whole demo sample as test tensor: ONNX Runtime, given the package's
 * test input and preprocessing, reproduces our forward's probabilities within 1e-4 and its labels exactly (for
 * networks that unpool at max-pooling switches, on all but the few pixels {@link EngineAgreement} explains).
 * The segment command extends the slice by mirroring and squeezes over the slice only, so at borders its
 * labels can differ from that plain forward (printed); exported in whole-slice mode, the graph does the same
 * and reproduces the segment command's labels exactly.
 */
class ShippedModelsExportTest {
    @TempDir
    Path dir;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SegmentationOutputs segment(ScseModel model, RandomAccessibleInterval<? extends RealType<?>> image) {
        return new Segmenter(model).segment((RandomAccessibleInterval) image, ImageAxes.singleChannel(2), false, false, null, null);
    }

    @ParameterizedTest
    @CsvSource({"oct-retinal-layers, oct-subject05-bscan28", "nuclei, nuclei-00071198d059ba7f"})
    void exportReproducesTheSample(String name, String sample) throws Exception {
        Path file = Path.of("models", name + ModelFile.EXTENSION);
        Path image = Path.of("models", "samples", sample + ".tif");
        assertTrue(Files.isRegularFile(file) && Files.isRegularFile(image), "shipped model and sample");
        RandomAccessibleInterval<? extends RealType<?>> raw = new ImageIoReader().read(image);
        try (ScseModel model = ModelFile.load(file, Device.cpu())) {
            BioImageIoPackage.Description d = new BioImageIoPackage.Description();
            d.name = name;
            d.modelCard = Files.readString(Path.of("models", name + ".md"));
            d.maxTestSize = 1 << 16;
            Path zip = dir.resolve(name + ".zip");
            BioImageIoPackage.write(model, BioImageIoPackage.TestImage.of(raw, 1, image.toString()), d, zip);
            PackageCheck check = new PackageCheck(zip);
            check.checkStructure();
            boolean switches = EngineAgreement.unpoolsAtSwitches(model);
            check.runInOnnxRuntime();
            EngineAgreement.assertProbabilities(name + ", ONNX Runtime vs our forward", check.testOutput.values, check.onnxProbabilities, switches);
            EngineAgreement.assertLabels(name + ", ONNX Runtime vs our forward", check.testOutputLabels(), check.onnxLabels(), switches);

            SegmentationOutputs seg = segment(model, raw);
            long[] onnx = check.onnxLabels();
            long w = check.testInput.shape[3];
            long same = 0;
            long total = 0;
            Cursor<? extends IntegerType<?>> c = Views.iterable(seg.labels()).localizingCursor();
            while (c.hasNext()) {
                c.fwd();
                total++;
                if (c.get().getIntegerLong() == onnx[(int) (c.getLongPosition(1) * w + c.getLongPosition(0))]) same++;
            }
            System.out.printf("%s: %d x %d test tensor, ONNX Runtime's labels equal to the segmenter's on %d of %d pixels%n",
                    name, check.testInput.shape[2], check.testInput.shape[3], same, total);

            // whole-slice mode: the test output is the segmenter's, and ONNX Runtime must reproduce it
            d.wholeSlice = true;
            Path whole = dir.resolve(name + "-whole-slice.zip");
            BioImageIoPackage.write(model, BioImageIoPackage.TestImage.of(raw, 1, image.toString()), d, whole);
            PackageCheck wholeCheck = new PackageCheck(whole);
            wholeCheck.checkStructure();
            wholeCheck.runInOnnxRuntime();
            long[] segLabels = new long[(int) total];
            Cursor<? extends IntegerType<?>> sc = Views.flatIterable(seg.labels()).cursor();
            for (int i = 0; i < segLabels.length; i++) segLabels[i] = sc.next().getIntegerLong();
            long wholeSame = 0;
            long[] wholeLabels = wholeCheck.onnxLabels();
            boolean sameSize = wholeLabels.length == segLabels.length;
            for (int i = 0; sameSize && i < segLabels.length; i++) if (wholeLabels[i] == segLabels[i]) wholeSame++;
            System.out.printf("%s whole-slice: ONNX Runtime's labels equal to the default segment run's on %s%n",
                    name, sameSize ? wholeSame + " of " + total + " pixels" : "(test tensor mirrored to another size)");
            EngineAgreement.assertProbabilities(name + " whole-slice, ONNX Runtime vs the segmenter", wholeCheck.testOutput.values,
                    wholeCheck.onnxProbabilities, switches);
            EngineAgreement.assertLabels(name + " whole-slice, ONNX Runtime vs the segmenter", wholeCheck.testOutputLabels(),
                    wholeCheck.onnxLabels(), switches);
            if (sameSize) EngineAgreement.assertLabels(name + " whole-slice, ONNX Runtime vs the default segment run", segLabels, wholeLabels, switches);
        }
    }
}
