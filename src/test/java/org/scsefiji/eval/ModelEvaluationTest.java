package org.scsefiji.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.io.CalibratedImage;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.CancelledException;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.data.ImagePair;
import org.scsefiji.train.data.LabelMode;

class ModelEvaluationTest {
    @TempDir
    Path dir;

    @Test
    void scoresEachImageAndAllTogetherAndReportsBadPairs() throws Exception {
        NetworkSpec spec = NetworkSpec.builder().architecture(Architecture.UNET).features(8).classCount(3).build();
        try (ScseModel model = ScseModel.create(spec, new Provenance(), Device.cpu())) {
            Segmenter segmenter = new Segmenter(model);
            Map<Path, RandomAccessibleInterval<? extends RealType<?>>> files = new HashMap<>();
            ArrayImg<UnsignedByteType, ByteArray> image = noise(37, 29, 1);
            files.put(Paths.get("a.tif"), image);
            files.put(Paths.get("a_labels.tif"), predict(segmenter, image));
            byte[] zeroBytes = new byte[37 * 29];
            for (int i = 0; i < 37; i++) zeroBytes[i] = (byte) ClassInfo.IGNORE_LABEL; // first row not annotated
            ArrayImg<UnsignedByteType, ByteArray> zeros = ArrayImgs.unsignedBytes(zeroBytes, 37, 29);
            files.put(Paths.get("b.tif"), noise(37, 29, 2));
            files.put(Paths.get("b_labels.tif"), zeros);
            files.put(Paths.get("c.tif"), noise(37, 29, 3));
            files.put(Paths.get("c_labels.tif"), ArrayImgs.unsignedBytes(20, 20));
            List<ImagePair> pairs = List.of(pair("a"), pair("b"), pair("c"), pair("d"));
            ModelEvaluation e = ModelEvaluation.run(segmenter, spec.classes(), LabelMode.CLASSES, pairs, f -> {
                RandomAccessibleInterval<? extends RealType<?>> img = files.get(f);
                if (img == null) throw new IOException("does not exist or is not a file");
                return new CalibratedImage(img, null);
            }, ProgressListener.NONE, new CancelToken());

            SegmentationMetrics a = e.images().get(0).metrics();
            for (int c = 0; c < 3; c++) {
                double d = a.dice(c);
                assertTrue(Double.isNaN(d) || d == 1.0, "the model's own labels: Dice 1 or absent, class " + c);
            }
            assertEquals(37 * 29, a.matrix().total());
            SegmentationMetrics b = e.images().get(1).metrics();
            assertEquals(37 * 28, b.matrix().total(), "ignore-label pixels are not counted");
            assertEquals(37 * 28, b.matrix().truthCount(0));
            assertTrue(e.images().get(2).error().contains("c_labels.tif: label image is 20 x 20 pixels but its image is 37 x 29"));
            assertEquals("d.tif: does not exist or is not a file", e.images().get(3).error());
            assertEquals(2, e.failures());
            assertNull(e.images().get(0).error());
            for (int t = 0; t < 3; t++) {
                for (int p = 0; p < 3; p++) assertEquals(a.matrix().count(t, p) + b.matrix().count(t, p), e.overall().matrix().count(t, p));
            }

            Path csv = dir.resolve("per_image.csv");
            e.writePerImageCsv(csv);
            List<String> lines = Files.readAllLines(csv);
            assertEquals("image,mean_foreground_dice,pixel_accuracy,dice_0,dice_1,dice_2,error", lines.get(0));
            assertEquals(5, lines.size());
            assertTrue(lines.get(4).startsWith("d,,,,,,d.tif: does not exist"), lines.get(4));

            CancelToken cancelled = new CancelToken();
            cancelled.cancel();
            assertThrows(CancelledException.class, () -> ModelEvaluation.run(segmenter, spec.classes(), LabelMode.CLASSES, pairs, f -> new CalibratedImage(files.get(f), null),
                    ProgressListener.NONE, cancelled));
        }
    }

    private static ImagePair pair(String name) {
        return new ImagePair(name, Paths.get(name + ".tif"), Paths.get(name + "_labels.tif"));
    }

    private static ArrayImg<UnsignedByteType, ByteArray> noise(int w, int h, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[w * h];
        r.nextBytes(b);
        return ArrayImgs.unsignedBytes(b, w, h);
    }

    /** The label image the network itself produces, as truth. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RandomAccessibleInterval<UnsignedByteType> predict(Segmenter s, RandomAccessibleInterval<UnsignedByteType> image) {
        RandomAccessibleInterval labels = s.segment(image, ImageAxes.singleChannel(2), false, false, null, null).labels();
        ArrayImg<UnsignedByteType, ByteArray> copy = ArrayImgs.unsignedBytes(image.dimensionsAsLongArray());
        net.imglib2.Cursor<UnsignedByteType> c = copy.cursor();
        for (Object v : Views.flatIterable(labels)) c.next().setInteger(((net.imglib2.type.numeric.IntegerType<?>) v).getInteger());
        return copy;
    }
}
