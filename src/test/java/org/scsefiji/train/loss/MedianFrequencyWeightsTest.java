package org.scsefiji.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

class MedianFrequencyWeightsTest {
    private static RandomAccessibleInterval<UnsignedByteType> image(int width, int height, long minX, long minY,
            int... labels) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) b[i] = (byte) labels[i];
        return Views.translate(ArrayImgs.unsignedBytes(b, width, height), minX, minY);
    }

    @Test
    void segNetWeightsWithIgnoreAndAnAbsentClass() {
        // Image A 3x2: 0 0 0 / 1 1 255 -> 5 labelled pixels: class 0: 3, class 1: 2
        // Image B 2x3 at min (5, -2): 0 2 / 2 2 / 255 255 -> 4 labelled: class 0: 1, class 2: 3
        // f0 = (3 + 1) / (5 + 4) = 4/9 = 0.4444444; f1 = 2/5 = 0.4; f2 = 3/4 = 0.75; class 3 never appears.
        // median(0.4, 0.4444444, 0.75) = 4/9
        // w0 = 1; w1 = (4/9) / 0.4 = 1.1111111; w2 = (4/9) / 0.75 = 0.5925926 (integer division would give 0); w3 = 0
        float[] w = MedianFrequencyWeights.of(4, List.of(image(3, 2, 0, 0, 0, 0, 0, 1, 1, 255),
                image(2, 3, 5, -2, 0, 2, 2, 2, 255, 255)));
        assertArrayEquals(new float[] {1f, 1.1111111f, 0.5925926f, 0f}, w, 1e-6f);
    }

    @Test
    void evenNumberOfClassesTakesTheMeanOfTheMiddleTwo() {
        // 0 0 / 0 1: f0 = 3/4, f1 = 1/4, median 1/2 -> w0 = 2/3, w1 = 2
        MedianFrequencyWeights counter = new MedianFrequencyWeights(2);
        counter.add(image(2, 2, -1, 7, 0, 0, 0, 1));
        assertEquals(0.75, counter.frequency(0), 1e-12);
        assertArrayEquals(new float[] {2f / 3, 2f}, counter.weights(), 1e-6f);
    }

    @Test
    void valueThatIsNoClassIsNamed() {
        MedianFrequencyWeights counter = new MedianFrequencyWeights(4);
        counter.add(image(2, 1, 0, 0, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> counter.add(image(2, 1, 0, 0, 3, 7)));
        assertTrue(e.getMessage().contains("Label image 2 contains the value 7"), e.getMessage());
    }
}
