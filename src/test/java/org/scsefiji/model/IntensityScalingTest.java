package org.scsefiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.IterableInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

class IntensityScalingTest {
    /** 2 x 3 image at a non-zero min: values 1, 2, 3, 4, 5, 10. */
    private static IterableInterval<FloatType> image() {
        return Views.flatIterable(Views.translate(ArrayImgs.floats(new float[] {1, 2, 3, 4, 5, 10}, 2, 3), 7, -4));
    }

    @Test
    void minMaxMapsTheImageRangeToZeroOne() {
        IntensityScaling s = IntensityScaling.of(Normalization.minMax(), image());
        assertEquals(1, s.offset(), 0);
        assertEquals(9, s.scale(), 0);
        assertEquals(0f, s.apply(1), 0);
        assertEquals(1f, s.apply(10), 0);
    }

    @Test
    void meanStdUsesPopulationStatistics() {
        IntensityScaling s = IntensityScaling.of(new Normalization(Normalization.Mode.MEAN_STD, 0, 1), image());
        double mean = 25.0 / 6;
        double var = 0;
        for (double v : new double[] {1, 2, 3, 4, 5, 10}) var += (v - mean) * (v - mean);
        assertEquals(mean, s.offset(), 1e-12);
        assertEquals(Math.sqrt(var / 6), s.scale(), 1e-12);
    }

    @Test
    void percentilesInterpolateLikeNumpy() {
        // numpy.percentile([1,2,3,4,5,10], [10, 90]) = [1.5, 7.5]
        IntensityScaling s = IntensityScaling.of(Normalization.percentile(10, 90), image());
        assertEquals(1.5, s.offset(), 1e-6);
        assertEquals(6.0, s.scale(), 1e-6);
    }

    @Test
    void fixedAndNoneIgnoreTheImage() {
        IntensityScaling f = IntensityScaling.of(new Normalization(Normalization.Mode.FIXED, 100, 300), image());
        assertEquals(0.5f, f.apply(200), 0);
        IntensityScaling n = IntensityScaling.of(new Normalization(Normalization.Mode.NONE, 0, 1), image());
        assertEquals(42f, n.apply(42), 0);
    }

    @Test
    void aConstantImageMapsToZeroNotNaN() {
        IntensityScaling s = IntensityScaling.of(Normalization.minMax(), Views.flatIterable(ArrayImgs.floats(new float[] {5, 5}, 2)));
        assertEquals(0f, s.apply(5), 0);
    }

    @Test
    void nanPixelsAreAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntensityScaling.of(Normalization.minMax(),
                Views.flatIterable(ArrayImgs.floats(new float[] {1, Float.NaN}, 2))));
        assertEquals("contains NaN or infinite pixel values", e.getMessage());
    }
}
