package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scsefiji.engine.TorchEngine;

class WholeImageChannelSqueezeTest {
    /** The window sums are converted to double band by band; any band size gives the sums of the whole window. */
    @Test
    void bandsOfAnySizeSumTheWholeWindow() {
        TorchEngine.get();
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), TorchEngine.ENGINE)) {
            // 2 tiles of 24 x 20 input pixels, halo 4, valid centres 16 x 12 and 10 x 8; a feature map at half resolution
            int n = 2;
            int c = 3;
            float[] v = new float[n * c * 10 * 12];
            Random r = new Random(7);
            for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() * 100 - 30;
            NDArray features = m.create(v, new Shape(n, c, 10, 12));
            WholeImageChannelSqueeze squeeze = WholeImageChannelSqueeze.local(4, new int[] {24, 20}, new long[] {16, 10}, new long[] {12, 8});
            double[] expected = new double[n * c];
            long[][] window = {{2, 8, 2, 10}, {2, 6, 2, 7}}; // rows y0..y1, columns x0..x1 per item: halo / 2 to ceil((halo + valid) / 2)
            for (int i = 0; i < n; i++) {
                for (int ch = 0; ch < c; ch++) {
                    for (long y = window[i][0]; y < window[i][1]; y++) {
                        for (long x = window[i][2]; x < window[i][3]; x++) expected[i * c + ch] += v[(int) (((i * c + ch) * 10 + y) * 12 + x)];
                    }
                }
            }
            for (long band : new long[] {1, 8 * 3 * 8 * 2, 1L << 30}) {
                double[] sums = squeeze.windowSums(features, band);
                for (int k = 0; k < expected.length; k++) assertEquals(expected[k], sums[k], 1e-9, "band of " + band + " bytes, sum " + k);
            }
        }
    }
}
