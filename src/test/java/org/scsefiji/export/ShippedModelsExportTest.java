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
 * test input and preprocessing, reproduces our probabilities within 1e-4 and our labels exactly. Also prints
 * how many labels agree with the segmenter's (which extends the slice by mirroring and squeezes over the
 * slice only, so borders may differ from the plain forward the package describes).
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
            double worst = check.runInOnnxRuntime();
            assertTrue(worst < 1e-4, name + ": ONNX Runtime differs from our probabilities by " + worst);
            check.assertSameLabels();

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
            System.out.printf("%s: %d x %d test tensor, max |ONNX - ours| = %.2e, labels equal to the segmenter's on %d of %d pixels%n",
                    name, check.testInput.shape[2], check.testInput.shape[3], worst, same, total);
        }
    }
}
