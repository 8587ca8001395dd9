package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PlaneResamplingTest {
    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat();
        return v;
    }

    @Test
    void theSameSizeIsACopy() {
        float[] plane = random(7 * 5, 1);
        assertArrayEquals(plane, PlaneResampling.resample(plane, 7, 5, 7, 5), 0f);
    }

    @Test
    void growingIsLinearBetweenAlignedPixelCentres() {
        // a ramp v = x stays a ramp: target pixel i sits at source position (i + 0.5) / 2 - 0.5
        float[] ramp = {0, 1, 2, 3};
        float[] up = PlaneResampling.resample(ramp, 4, 1, 8, 1);
        float[] expected = {0, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3};
        assertArrayEquals(expected, up, 1e-6f);
    }

    @Test
    void shrinkingAveragesTheCoveredPixels() {
        float[] plane = random(9 * 6, 2);
        float[] down = PlaneResampling.resample(plane, 9, 6, 3, 2); // 3 x 3 blocks
        for (int by = 0; by < 2; by++) {
            for (int bx = 0; bx < 3; bx++) {
                double sum = 0;
                for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) sum += plane[(3 * by + y) * 9 + 3 * bx + x];
                assertEquals(sum / 9, down[by * 3 + bx], 1e-6);
            }
        }
        // non-integer factor: the mean is kept
        float[] odd = PlaneResampling.resample(plane, 9, 6, 4, 6);
        for (int y = 0; y < 6; y++) {
            double a = 0, b = 0;
            for (int x = 0; x < 9; x++) a += plane[y * 9 + x] / 9.0;
            for (int x = 0; x < 4; x++) b += odd[y * 4 + x] / 4.0;
            assertEquals(a, b, 1e-5);
        }
    }
}
