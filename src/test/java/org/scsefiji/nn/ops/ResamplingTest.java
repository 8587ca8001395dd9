package org.scsefiji.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scsefiji.nn.NetworkTestSupport;

class ResamplingTest {
    @Test
    void repeatCopiesEachPixelIntoA2x2Block() {
        try (NDManager m = NetworkTestSupport.manager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                    Resampling.repeat2x(x).toFloatArray());
        }
    }

    /**
     * depthToSpace(1x1 conv to 4*Co) equals a 2x2 stride-2 transposed convolution:
     * out[o, 2i+a, 2j+b] = sum_c x[c, i, j] * W[c, o, a, b], where the 1x1 conv's output channel
     * o*4 + 2a + b carries W[., o, a, b]. Checked against that formula computed in plain Java.
     */
    @Test
    void depthToSpaceMatchesTheTransposedConvolutionFormula() {
        int ci = 3, co = 2, h = 3, w = 2;
        Random r = new Random(7);
        float[] x = new float[ci * h * w];
        float[][][][] wt = new float[ci][co][2][2];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
        // the 1x1 conv output for channel k = o*4 + 2a + b: y[k, i, j] = sum_c W[c,o,a,b] x[c,i,j]
        float[] conv = new float[4 * co * h * w];
        for (int c = 0; c < ci; c++) {
            for (int o = 0; o < co; o++) {
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) wt[c][o][a][b] = r.nextFloat() - 0.5f;
                }
            }
        }
        float[] expected = new float[co * 2 * h * 2 * w];
        for (int o = 0; o < co; o++) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            float s = 0;
                            for (int c = 0; c < ci; c++) s += wt[c][o][a][b] * x[(c * h + i) * w + j];
                            conv[((o * 4 + 2 * a + b) * h + i) * w + j] = s;
                            expected[(o * 2 * h + 2 * i + a) * 2 * w + 2 * j + b] = s;
                        }
                    }
                }
            }
        }
        try (NDManager m = NetworkTestSupport.manager()) {
            NDArray out = Resampling.depthToSpace2x(m.create(conv, new Shape(1, 4 * co, h, w)));
            assertArrayEquals(expected, out.toFloatArray(), 0f);
        }
    }
}
