package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.PixelSize;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.model.RetinaAnatomy;
import org.scsefiji.model.ScseModel;

/** The pipeline around the segmenter: pixel-size resampling, flip averaging, post-processing. */
class SegmentationPipelineTest {
    private static final NetworkSpec SPEC = NetworkSpec.builder().features(8).classCount(3).inputChannels(1).build();

    private static LoadedNetwork tiny() {
        return LoadedNetwork.load(new TinyScseNet(SPEC, 1), 5);
    }

    @Test
    void matchingOrUnknownPixelSizesGiveThePlainSegmentersResultBitForBit() {
        try (LoadedNetwork n = tiny()) {
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {3, -4}, new long[] {61, 45}, 1);
            SegmentationOutputs plain = n.segmenter().segment(image, ImageAxes.singleChannel(2), true, false, null, null);
            PixelSize model = new PixelSize(11.3, 3.87);
            for (PixelSize imageSize : new PixelSize[] {null, model, new PixelSize(11.30001, 3.87)}) {
                SegmentationPipeline.Result r = new SegmentationPipeline(n.segmenter(), SPEC).modelPixelSize(model)
                        .segment(image, ImageAxes.singleChannel(2), imageSize, true, false, null, null);
                assertFalse(r.resampled());
                SegmenterContract.assertLabelsEqual(plain.labels(), r.outputs().labels());
                SegmenterContract.assertClose(plain.probabilities(), r.outputs().probabilities(), 0);
                assertTrue(r.plausibility().meanConfidence() > 1.0 / 3 && r.plausibility().meanConfidence() <= 1);
                assertTrue(Double.isNaN(r.plausibility().brokenColumns()), "no anatomy declared");
                assertFalse(r.plausibility().looksUnlikeTraining());
            }
        }
    }

    /**
     * Labels alone (no resampling, flipping or anatomy) come from each tile's probabilities, with no
     * whole-image probabilities: the same labels as when probabilities are kept, and the same mean
     * confidence, which is the mean of each pixel's highest probability over every tile's valid pixels.
     */
    @Test
    void labelsAloneGiveTheSameLabelsAndConfidenceAsWithProbabilities() {
        try (LoadedNetwork n = tiny()) {
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {2, -3, 0}, new long[] {77, 50, 2}, 4);
            SegmentationPipeline tiled = new SegmentationPipeline(n.segmenter().tileSize(32), SPEC);
            SegmentationPipeline.Result kept = tiled.segment(image, ImageAxes.singleChannel(3), null, true, false, null, null);
            SegmentationPipeline.Result alone = tiled.segment(image, ImageAxes.singleChannel(3), null, false, false, null, null);
            assertNull(alone.outputs().probabilities());
            SegmenterContract.assertLabelsEqual(kept.outputs().labels(), alone.outputs().labels());
            RandomAccessibleInterval<FloatType> p = kept.outputs().probabilities();
            double sum = 0;
            long pixels = 0;
            for (long z = 0; z < 2; z++) {
                for (long y = 0; y < 50; y++) {
                    for (long x = 0; x < 77; x++) {
                        float max = 0;
                        for (long c = 0; c < 3; c++) max = Math.max(max, p.getAt(x, y, z, c).get());
                        sum += max;
                        pixels++;
                    }
                }
            }
            assertEquals(sum / pixels, alone.plausibility().meanConfidence(), 1e-6);
            assertEquals(sum / pixels, kept.plausibility().meanConfidence(), 1e-6);
        }
    }

    @Test
    void resampledResultsAreAtTheImagesSizeAndTiledEqualsUntiled() {
        try (LoadedNetwork n = tiny()) {
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {0, 0, 0}, new long[] {90, 40, 2}, 2);
            SegmentationPipeline untiled = new SegmentationPipeline(SegmenterContract.untiled(n), SPEC).modelPixelSize(new PixelSize(2, 1));
            SegmentationPipeline tiled = new SegmentationPipeline(n.segmenter().tileSize(32), SPEC).modelPixelSize(new PixelSize(2, 1));
            PixelSize imageSize = new PixelSize(1, 1.5); // the network sees 45 x 60
            SegmentationPipeline.Result a = untiled.segment(image, ImageAxes.singleChannel(3), imageSize, true, false, null, null);
            SegmentationPipeline.Result b = tiled.segment(image, ImageAxes.singleChannel(3), imageSize, true, false, null, null);
            assertArrayEquals(new long[] {45, 60}, a.networkSize());
            assertArrayEquals(new long[] {90, 40, 2}, a.outputs().labels().dimensionsAsLongArray());
            assertArrayEquals(new long[] {90, 40, 2, 3}, a.outputs().probabilities().dimensionsAsLongArray());
            SegmenterContract.assertLabelsEqual(a.outputs().labels(), b.outputs().labels());
            SegmenterContract.assertClose(a.outputs().probabilities(), b.outputs().probabilities(), SegmenterContract.PROBABILITY_TOLERANCE);
        }
    }

    @Test
    void flipAveragingOfAMirrorSymmetricImageIsSymmetric() {
        try (LoadedNetwork n = tiny()) {
            RandomAccessibleInterval<FloatType> half = TestImages.ramp(new long[] {0, 0}, new long[] {30, 36}, 3);
            float[] v = new float[60 * 36];
            RandomAccess<FloatType> ra = half.randomAccess();
            for (int y = 0; y < 36; y++) {
                for (int x = 0; x < 30; x++) {
                    ra.setPosition(new long[] {x, y});
                    v[y * 60 + x] = v[y * 60 + 59 - x] = ra.get().get();
                }
            }
            RandomAccessibleInterval<FloatType> image = ArrayImgs.floats(v, 60, 36);
            SegmentationPipeline.Result r = new SegmentationPipeline(n.segmenter(), SPEC).flipAverage(true)
                    .segment(image, ImageAxes.singleChannel(2), null, true, false, null, null);
            RandomAccessibleInterval<FloatType> p = r.outputs().probabilities();
            RandomAccessibleInterval<FloatType> mirrored = Views.zeroMin(Views.invertAxis(p, 0));
            SegmenterContract.assertClose(p, mirrored, 1e-6);
            SegmentationOutputs plain = n.segmenter().segment(image, ImageAxes.singleChannel(2), true, false, null, null);
            SegmenterContract.assertClose(plain.probabilities(), p, 0.5); // same network: close, but averaged
        }
    }

    /**
     * All four flips: tiled equals untiled (each flipped image is segmented whole, so the segmenter's exact tiling
     * holds), and the result of a flipped image is the flipped result (the flipped passes are flipped back the right
     * way), on an image with no symmetry, several slices and sizes that are not multiples of the network's.
     */
    @Test
    void fourFlipsAreExactUnderTilingAndFollowTheImagesFlips() {
        try (LoadedNetwork n = tiny()) {
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {5, -2, 0}, new long[] {75, 53, 2}, 7);
            ImageAxes axes = ImageAxes.singleChannel(3);
            SegmentationPipeline untiled = new SegmentationPipeline(SegmenterContract.untiled(n), SPEC).flipAverage(true).flipVertical(true);
            SegmentationPipeline tiled = new SegmentationPipeline(n.segmenter().tileSize(32), SPEC).flipAverage(true).flipVertical(true);
            assertEquals(4, tiled.passes());
            SegmentationPipeline.Result a = untiled.segment(image, axes, null, true, false, null, null);
            SegmentationPipeline.Result b = tiled.segment(image, axes, null, true, false, null, null);
            SegmenterContract.assertLabelsEqual(a.outputs().labels(), b.outputs().labels());
            SegmenterContract.assertClose(a.outputs().probabilities(), b.outputs().probabilities(), SegmenterContract.PROBABILITY_TOLERANCE);
            SegmentationOutputs plain = n.segmenter().segment(image, axes, true, false, null, null);
            assertTrue(maxDifference(plain.probabilities(), a.outputs().probabilities()) > 1e-3, "the flips change the probabilities");
            for (int axis = 0; axis < 2; axis++) {
                RandomAccessibleInterval<FloatType> flipped = Views.zeroMin(Views.invertAxis(image, axis));
                RandomAccessibleInterval<FloatType> c = untiled.segment(flipped, axes, null, true, false, null, null).outputs().probabilities();
                SegmenterContract.assertClose(Views.zeroMin(Views.invertAxis(a.outputs().probabilities(), axis)), c, 1e-5);
            }
        }
    }

    private static double maxDifference(RandomAccessibleInterval<FloatType> a, RandomAccessibleInterval<FloatType> b) {
        Cursor<FloatType> x = Views.flatIterable(a).cursor();
        Cursor<FloatType> y = Views.flatIterable(b).cursor();
        double max = 0;
        while (x.hasNext()) max = Math.max(max, Math.abs(x.next().get() - y.next().get()));
        return max;
    }

    /**
     * object_diameter zooms the image so that its objects have the training objects' size (which only a model with
     * instances can declare), and the results come back at the image's size.
     */
    @Test
    void anObjectDiameterRescalesToTheTrainingObjectsSize() {
        try (LoadedNetwork n = tiny()) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> new SegmentationPipeline(n.segmenter(), SPEC).objectDiameter(30));
            assertTrue(none.getMessage().contains("object_diameter"), none.getMessage());
            NetworkSpec declared = SPEC.toBuilder().postProcessing(new InstancePostProcessing(1, 2, 0.6, 0.7, 20, 40, 1, 16)).build();
            SegmentationPipeline p = new SegmentationPipeline(n.segmenter(), declared).objectDiameter(32);
            assertEquals(0.5, p.objectZoom());
            assertArrayEquals(new long[] {45, 20}, p.networkSize(90, 40, null));
            RandomAccessibleInterval<FloatType> image = TestImages.ramp(new long[] {0, 0}, new long[] {90, 40}, 1);
            SegmentationPipeline.Result r = p.segment(image, ImageAxes.singleChannel(2), null, true, false, null, null);
            assertTrue(r.resampled());
            assertArrayEquals(new long[] {90, 40}, r.outputs().labels().dimensionsAsLongArray());
            assertArrayEquals(new long[] {90, 40}, p.objectDiameter(0).networkSize(90, 40, null), "0 = as trained");
            IllegalArgumentException far = assertThrows(IllegalArgumentException.class, () -> p.objectDiameter(16 * 40));
            assertTrue(far.getMessage().contains("object_diameter"), far.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.objectDiameter(Double.NaN));
        }
    }

    @Test
    void aPixelSizeInTheWrongUnitIsRefused() {
        try (LoadedNetwork n = tiny()) {
            SegmentationPipeline p = new SegmentationPipeline(n.segmenter(), SPEC).modelPixelSize(new PixelSize(11.3, 3.87));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.networkSize(768, 496, new PixelSize(0.0113, 0.00387)));
            assertTrue(e.getMessage().contains("micrometres"), e.getMessage());
        }
    }

    /** A model from a newer version declaring a post-processing this one does not know is refused by name, not run without it. */
    @Test
    void anUnknownPostProcessingIsRefusedByName() {
        NetworkSpec newer = SPEC.toBuilder().postProcessing(PostProcessing.fromJson(JsonParser.parseString("{\"type\": \"cell_tracks\"}")))
                .build();
        try (LoadedNetwork n = tiny()) {
            RandomAccessibleInterval<FloatType> image = ArrayImgs.floats(16, 16);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SegmentationPipeline(n.segmenter(), newer)
                    .segment(image, new ImageAxes(2, -1), null, false, false, null, null));
            assertTrue(e.getMessage().contains("'cell_tracks'") && e.getMessage().contains("postprocessing=none"), e.getMessage());
            new SegmentationPipeline(n.segmenter(), newer).postprocessing(null).segment(image, new ImageAxes(2, -1), null, false, false,
                    null, null);
        }
    }

    /**
     * The shipped OCT model on a real B-scan, and on the same B-scan stretched to twice the width and
     * 1.25 times the depth (pixels half as wide, 0.8 as deep): resampled back to the model's pixel size,
     * the labels match those of the original (repeated to the stretched size) except near class
     * boundaries and in speckle the stretch blurs, and per A-scan the retina (ILM, BM, after the anatomy
     * repair) lies where it lies in the original.
     */
    @Test
    void aStretchedBScanGivesTheSameLayersExceptAtBoundaries() throws Exception {
        Path model = Path.of("models", "oct-retinal-layers.scse");
        Path sample = Path.of("models", "samples", "oct-subject05-bscan28.tif");
        @SuppressWarnings("unchecked")
        RandomAccessibleInterval<FloatType> original = toFloat((RandomAccessibleInterval<? extends RealType<?>>) new ImageIoReader().read(sample));
        int w = (int) original.dimension(0), h = (int) original.dimension(1);
        int sw = 2 * w, sh = h * 5 / 4;
        float[] plane = new float[w * h];
        int i = 0;
        for (FloatType t : Views.flatIterable(original)) plane[i++] = t.get();
        RandomAccessibleInterval<FloatType> stretched = ArrayImgs.floats(PlaneResampling.resample(plane, w, h, sw, sh), sw, sh);
        PixelSize trained = new PixelSize(11.3, 3.87);
        try (ScseModel m = ModelFile.load(model, Device.cpu())) {
            SegmentationPipeline p = new SegmentationPipeline(m).modelPixelSize(trained).postprocessing(RetinaAnatomy.relayNet());
            int[] la = labels(p.segment(original, ImageAxes.singleChannel(2), trained, false, false, null, null).outputs().labels(), w, h);
            SegmentationPipeline.Result r = p.segment(stretched, ImageAxes.singleChannel(2), new PixelSize(11.3 / 2, 3.87 * h / sh),
                    false, false, null, null);
            assertArrayEquals(new long[] {w, h}, r.networkSize());
            int[] lb = labels(r.outputs().labels(), sw, sh);
            long differ = 0;
            for (int y = 0; y < sh; y++) {
                for (int x = 0; x < sw; x++) {
                    int ox = Math.min(w - 1, x / 2), oy = Math.min(h - 1, (int) ((y + 0.5) * h / sh));
                    if (lb[y * sw + x] != la[oy * w + ox]) differ++;
                }
            }
            double pixels = (double) sw * sh;
            assertTrue(differ / pixels < 0.05, "labels differ on " + differ + " of " + (long) pixels + " pixels");
            double ilm = 0, bm = 0;
            for (int x = 0; x < sw; x++) {
                ilm += Math.abs(first(lb, sw, sh, x, 0, true) - first(la, w, h, x / 2, 0, true) * (double) sh / h);
                bm += Math.abs(first(lb, sw, sh, x, 8, false) - first(la, w, h, x / 2, 8, false) * (double) sh / h);
            }
            ilm /= sw;
            bm /= sw;
            assertTrue(ilm < 2 && bm < 2, "ILM off by " + ilm + " px, BM by " + bm + " px on average");
        }
    }

    /** The first row of column x whose label is (or, with notEqual, is not) {@code label}; the height if none. */
    private static int first(int[] labels, int w, int h, int x, int label, boolean notEqual) {
        for (int y = 0; y < h; y++) if ((labels[y * w + x] != label) == notEqual) return y;
        return h;
    }

    private static int[] labels(RandomAccessibleInterval<? extends IntegerType<?>> img, int w, int h) {
        int[] v = new int[w * h];
        int i = 0;
        for (IntegerType<?> t : Views.flatIterable(img)) v[i++] = t.getInteger();
        return v;
    }

    private static RandomAccessibleInterval<FloatType> toFloat(RandomAccessibleInterval<? extends RealType<?>> img) {
        RandomAccessibleInterval<FloatType> out = ArrayImgs.floats(img.dimensionsAsLongArray());
        Cursor<FloatType> c = Views.flatIterable(out).cursor();
        for (RealType<?> t : Views.flatIterable(img)) c.next().setReal(t.getRealDouble());
        return out;
    }
}
