package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import java.util.List;
import java.util.Random;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ClassPalettes;

class ResultImagesTest {
    private static ArrayImg<IntType, IntArray> randomLabels(Random random, int classes, long... dims) {
        ArrayImg<IntType, IntArray> img = ArrayImgs.ints(dims);
        for (IntType v : img) v.set(random.nextInt(classes));
        return img;
    }

    @Test
    void nonZeroMinIntervalStartsAtImageJOrigin() {
        ArrayImg<IntType, IntArray> data = randomLabels(new Random(21), 4, 6, 5);
        RandomAccessibleInterval<IntType> labels = Views.translate(data, -3, 17);
        ImagePlus imp = ResultImages.labelImage(labels, ClassPalettes.generic(4), "labels", null);
        assertEquals(8, imp.getBitDepth());
        assertEquals(6, imp.getWidth());
        assertEquals(5, imp.getHeight());
        RandomAccess<IntType> ra = labels.randomAccess();
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 6; x++) {
                ra.setPosition(new long[] {x - 3, y + 17});
                assertEquals(ra.get().get(), imp.getProcessor().get(x, y), "at " + x + "," + y);
            }
        }
    }

    @Test
    void volumeBecomesStackWithLutClassesCalibrationAndSliceLabels() {
        List<ClassInfo> classes = ClassPalettes.retinalLayers();
        ArrayImg<IntType, IntArray> data = randomLabels(new Random(22), classes.size(), 4, 3, 5);
        ImageStack sourceStack = new ImageStack(4, 3);
        for (int z = 1; z <= 5; z++) sourceStack.addSlice("bscan" + z, new ByteProcessor(4, 3));
        ImagePlus source = new ImagePlus("oct", sourceStack);
        Calibration cal = source.getCalibration();
        cal.pixelWidth = 11.5;
        cal.pixelDepth = 120;
        cal.setUnit("um");
        cal.setSigned16BitCalibration(); // a value calibration must not reach class ids
        ImagePlus imp = ResultImages.labelImage(Views.translate(data, 5, 5, 5), classes, "layers", source);
        assertEquals(5, imp.getNSlices());
        assertEquals(1, imp.getNFrames());
        for (int z = 0; z < 5; z++) {
            assertEquals(data.getAt(2, 1, z).get(), imp.getStack().getProcessor(z + 1).get(2, 1), "slice " + z);
            assertEquals("bscan" + (z + 1), imp.getStack().getSliceLabel(z + 1));
        }
        assertEquals(11.5, imp.getCalibration().pixelWidth);
        assertEquals(120, imp.getCalibration().pixelDepth);
        assertEquals(cal.getUnit(), imp.getCalibration().getUnit());
        assertFalse(imp.getCalibration().calibrated());
        assertEquals(classes.get(9).awtColor().getRGB(), imp.getProcessor().getLut().getRGB(9));
        assertEquals(classes, ClassProperties.read(imp).orElseThrow());
    }

    @Test
    void fourDimensionsBecomeZAndT() {
        ArrayImg<IntType, IntArray> data = randomLabels(new Random(23), 3, 4, 3, 2, 3);
        ImagePlus imp = ResultImages.labelImage(data, ClassPalettes.generic(3), "zt", null);
        assertEquals(2, imp.getNSlices());
        assertEquals(3, imp.getNFrames());
        assertEquals(data.getAt(3, 2, 1, 2).get(), imp.getStack().getProcessor(imp.getStackIndex(1, 2, 3)).get(3, 2));
    }

    @Test
    void moreThan256ClassesGive16BitLabels() {
        List<ClassInfo> classes = ClassPalettes.generic(300);
        ArrayImg<UnsignedShortType, ?> data = ArrayImgs.unsignedShorts(5, 4);
        data.getAt(1, 2).set(299);
        data.getAt(4, 3).set(256);
        ImagePlus imp = ResultImages.labelImage(data, classes, "many", null);
        assertEquals(16, imp.getBitDepth());
        assertEquals(299, imp.getProcessor().get(1, 2));
        assertEquals(256, imp.getProcessor().get(4, 3));
        assertEquals(300, ClassProperties.read(imp).orElseThrow().size());
        assertThrows(IllegalArgumentException.class, () -> {
            ArrayImg<IntType, IntArray> negative = ArrayImgs.ints(2, 2);
            negative.getAt(0, 0).set(-1);
            ResultImages.labelImage(negative, classes, "bad", null);
        });
    }

    @Test
    void probabilityMapsHaveOneNamedSlicePerClass() {
        List<ClassInfo> classes = ClassPalettes.generic(3);
        Random random = new Random(24);
        ArrayImg<FloatType, FloatArray> maps = ArrayImgs.floats(5, 4, 3); // X, Y, class
        for (FloatType v : maps) v.set(random.nextFloat());
        ImagePlus imp = ResultImages.probabilityImage(Views.translate(maps, 7, -2, 0), 2, classes, "probabilities", null);
        assertEquals(32, imp.getBitDepth());
        assertEquals(3, imp.getStackSize());
        for (int c = 0; c < 3; c++) {
            assertEquals(classes.get(c).name(), imp.getStack().getSliceLabel(c + 1));
            assertEquals(maps.getAt(2, 3, c).get(), imp.getStack().getProcessor(c + 1).getf(2, 3));
        }
        assertEquals(0, imp.getDisplayRangeMin());
        assertEquals(1, imp.getDisplayRangeMax());
    }

    @Test
    void namedAxisInTheMiddleOfAVolumeBecomesChannels() {
        Random random = new Random(25);
        ArrayImg<FloatType, FloatArray> maps = ArrayImgs.floats(3, 2, 4, 2); // X, Y, Z, block
        for (FloatType v : maps) v.set(random.nextFloat());
        List<String> names = List.of("block 1 attention", "block 2 attention");
        ImagePlus imp = ResultImages.floatImage(maps, 3, names, "attention", null);
        assertArrayEquals(new int[] {3, 2, 2, 4, 1}, imp.getDimensions());
        for (int block = 0; block < 2; block++) {
            for (int z = 0; z < 4; z++) {
                int index = imp.getStackIndex(block + 1, z + 1, 1);
                assertEquals(names.get(block), imp.getStack().getSliceLabel(index));
                assertEquals(maps.getAt(1, 1, z, block).get(), imp.getStack().getProcessor(index).getf(1, 1));
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ResultImages.floatImage(maps, 3, List.of("only one"), "x", null));
        assertTrue(e.getMessage().contains("1 names"), e.getMessage());
    }

    @Test
    void timeSeriesSourceGivesFramesNotSlices() {
        ImageStack frames = new ImageStack(4, 3);
        for (int t = 1; t <= 4; t++) frames.addSlice("t" + t, new ByteProcessor(4, 3));
        ImagePlus source = new ImagePlus("movie", frames);
        source.setDimensions(1, 1, 4);
        ArrayImg<IntType, IntArray> data = randomLabels(new Random(26), 3, 4, 3, 4); // the core sees X, Y, T
        ImagePlus labels = ResultImages.labelImage(data, ClassPalettes.generic(3), "labels", source);
        assertArrayEquals(new int[] {4, 3, 1, 1, 4}, labels.getDimensions());
        assertEquals("t3", labels.getStack().getSliceLabel(3));
        assertEquals(data.getAt(1, 2, 3).get(), labels.getStack().getProcessor(4).get(1, 2));

        ArrayImg<FloatType, FloatArray> maps = ArrayImgs.floats(4, 3, 2, 4); // X, Y, class, T
        ImagePlus probabilities = ResultImages.probabilityImage(maps, 2, ClassPalettes.generic(2), "p", source);
        assertArrayEquals(new int[] {4, 3, 2, 1, 4}, probabilities.getDimensions());
        assertEquals("class 1", probabilities.getStack().getSliceLabel(probabilities.getStackIndex(2, 1, 3)));
    }
}
