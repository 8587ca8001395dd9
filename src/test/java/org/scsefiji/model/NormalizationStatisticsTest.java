package org.scsefiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

class NormalizationStatisticsTest {
    private static final double[] PERCENTILES = {0, 0.5, 1, 2.5, 33.3, 50, 99, 99.8, 100};

    private static <T extends RealType<T>> RandomAccessibleInterval<T> fill(Img<T> img, DoubleSupplier values) {
        for (T t : img) t.setReal(values.getAsDouble());
        return Views.translate(img, -50, 1 << 20);
    }

    /** numpy.percentile's default: linear interpolation between the sorted finite values. */
    private static double expectedPercentile(double[] sortedFinite, double p) {
        double pos = p / 100 * (sortedFinite.length - 1);
        int k = (int) Math.floor(pos);
        int k1 = Math.min(k + 1, sortedFinite.length - 1);
        return sortedFinite[k] + (sortedFinite[k1] - sortedFinite[k]) * (pos - k);
    }

    private static double[] sortedFinite(RandomAccessibleInterval<? extends RealType<?>> image) {
        return Views.iterable(image).stream().mapToDouble(RealType::getRealDouble).filter(Double::isFinite).sorted().toArray();
    }

    private static void assertPercentilesExact(RandomAccessibleInterval<? extends RealType<?>> image) {
        double[] sorted = sortedFinite(image);
        double[] actual = percentiles(image);
        for (int i = 0; i < PERCENTILES.length; i++) {
            assertEquals(expectedPercentile(sorted, PERCENTILES[i]), actual[i], 0.0, "percentile " + PERCENTILES[i]);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static double[] percentiles(RandomAccessibleInterval image) {
        return NormalizationStatistics.percentiles(image, null, PERCENTILES);
    }

    @Test
    void percentilesAreExactForIntegerTypes() {
        Random r = new Random(1);
        // Heavy ties, more values than are ever collected at once: the histogram path.
        assertPercentilesExact(fill(ArrayImgs.unsignedBytes(500, 401), () -> r.nextInt(256)));
        assertPercentilesExact(fill(ArrayImgs.unsignedShorts(450, 333), () -> r.nextInt(65536)));
        assertPercentilesExact(fill(ArrayImgs.unsignedShorts(7, 5), () -> 1000 + r.nextInt(3)));
    }

    @Test
    void percentilesAreExactForFloatsWithOutliersNaNAndInfinities() {
        Random r = new Random(2);
        int[] i = {0};
        assertPercentilesExact(fill(ArrayImgs.floats(600, 500), () -> {
            int k = i[0]++;
            if (k % 9973 == 0) return Double.NaN;
            if (k % 10007 == 0) return Double.POSITIVE_INFINITY;
            if (k == 12345) return 1e30; // an outlier puts almost everything into one bin: several passes
            return r.nextGaussian() * 1e-3;
        }));
        // Values whose difference overflows a double.
        assertPercentilesExact(fill(ArrayImgs.doubles(400, 300), () -> (r.nextBoolean() ? 1 : -1) * Double.MAX_VALUE * r.nextDouble()));
        // Subnormal neighbours.
        assertPercentilesExact(fill(ArrayImgs.doubles(300, 300), () -> Double.MIN_VALUE * r.nextInt(4)));
    }

    @Test
    void minMaxAndMeanStdAreExactOnASmallImage() {
        Random r = new Random(3);
        RandomAccessibleInterval<UnsignedShortType> image = fill(ArrayImgs.unsignedShorts(37, 29), () -> 100 + r.nextInt(4000));
        double[] v = Views.iterable(image).stream().mapToDouble(UnsignedShortType::getRealDouble).toArray();
        double min = Arrays.stream(v).min().getAsDouble();
        double max = Arrays.stream(v).max().getAsDouble();
        NormalizationStatistics mm = NormalizationStatistics.compute(Normalization.minMax(), image);
        assertEquals(min, mm.offset(), 0.0);
        assertEquals(max - min, mm.scale(), 0.0);
        assertEquals(0.0, mm.apply(min), 0.0);
        assertEquals(1.0, mm.apply(max), 0.0);

        double mean = Arrays.stream(v).sum() / v.length;
        double std = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
        NormalizationStatistics ms = NormalizationStatistics.compute(new Normalization(Normalization.Mode.MEAN_STD, 0, 1), image);
        assertEquals(mean, ms.offset(), 1e-12 * mean);
        assertEquals(std, ms.scale(), 1e-12 * std);

        NormalizationStatistics pc = NormalizationStatistics.compute(Normalization.percentile(1, 99.8), image);
        double[] sorted = sortedFinite(image);
        assertEquals(expectedPercentile(sorted, 1), pc.offset(), 0.0);
        assertEquals(expectedPercentile(sorted, 99.8) - expectedPercentile(sorted, 1), pc.scale(), 0.0);

        NormalizationStatistics fixed = NormalizationStatistics.compute(new Normalization(Normalization.Mode.FIXED, 10, 20), image);
        assertEquals(1.5, fixed.apply(25), 0.0);
        assertEquals(7.0, NormalizationStatistics.compute(new Normalization(Normalization.Mode.NONE, 0, 1), image).apply(7), 0.0);
    }

    @Test
    void statisticsDoNotDependOnLayoutOrOrigin() {
        Random r = new Random(4);
        Img<FloatType> img = ArrayImgs.floats(61, 47);
        for (FloatType t : img) t.set((float) r.nextGaussian());
        RandomAccessibleInterval<FloatType> moved = Views.translate(Views.permute(Views.invertAxis(img, 0), 0, 1), 12345, -678);
        for (Normalization n : new Normalization[] {Normalization.minMax(), Normalization.percentile(2, 98),
                new Normalization(Normalization.Mode.MEAN_STD, 0, 1)}) {
            NormalizationStatistics a = NormalizationStatistics.compute(n, img);
            NormalizationStatistics b = NormalizationStatistics.compute(n, moved);
            assertEquals(a.offset(), b.offset(), 1e-12, n.toString());
            assertEquals(a.scale(), b.scale(), 1e-12, n.toString());
        }
    }

    @Test
    void aConstantImageMapsToZero() {
        RandomAccessibleInterval<UnsignedByteType> flat = fill(ArrayImgs.unsignedBytes(9, 9), () -> 42);
        for (Normalization n : new Normalization[] {Normalization.minMax(), Normalization.percentile(1, 99),
                new Normalization(Normalization.Mode.MEAN_STD, 0, 1)}) {
            NormalizationStatistics s = NormalizationStatistics.compute(n, flat);
            assertEquals(0.0, s.apply(42), 0.0, n.toString());
        }
        RandomAccessibleInterval<DoubleType> nothing = fill(ArrayImgs.doubles(3, 3), () -> Double.NaN);
        assertEquals(5.0, NormalizationStatistics.compute(Normalization.minMax(), nothing).apply(5), 0.0);
    }
}
