package org.scsefiji.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.scsefiji.nn.NetworkTestSupport;

/**
 * Pooling with switches and unpooling against values worked out by hand from PyTorch's rules:
 * max_pool2d(return_indices=True) picks the first maximum in row-major window order, its gradient
 * goes only there, and max_unpool2d puts each value back at its index, zeros elsewhere.
 */
class PoolSwitchesTest {
    // One 2 x 4 map, two windows, both with ties:
    //   1 3 | 2 2
    //   3 0 | 2 1
    // window 0: max 3 at (0,1) and (1,0) -> first is (0,1); window 1: max 2 three times -> (0,2).
    private static final float[] X = {1, 3, 2, 2, 3, 0, 2, 1};

    @Test
    void poolsTiesToTheFirstMaximumAndUnpoolsThere() {
        try (NDManager m = NetworkTestSupport.manager()) {
            NDArray x = m.create(X, new Shape(1, 1, 2, 4));
            PoolSwitches sw = PoolSwitches.of(x);
            assertArrayEquals(new float[] {3, 2}, sw.pool(x).toFloatArray());
            NDArray up = sw.unpool(m.create(new float[] {10, 20}, new Shape(1, 1, 1, 2)));
            assertArrayEquals(new float[] {0, 10, 20, 0, 0, 0, 0, 0}, up.toFloatArray());
        }
    }

    @Test
    void gradientsReachOnlyTheSelectedPixels() {
        try (NDManager m = NetworkTestSupport.manager()) {
            NDArray x = m.create(X, new Shape(1, 1, 2, 4));
            NDArray y = m.create(new float[] {10, 20}, new Shape(1, 1, 1, 2));
            x.setRequiresGradient(true);
            y.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                PoolSwitches sw = PoolSwitches.of(x);
                // d/dx of 5*pooled[0] + 7*pooled[1]; d/dy of sum(unpool(y) * g) with g = 1..8
                NDArray pooled = sw.pool(x);
                NDArray g = m.arange(1f, 9f).reshape(1, 1, 2, 4);
                NDArray loss = pooled.mul(m.create(new float[] {5, 7}, new Shape(1, 1, 1, 2))).sum()
                        .add(sw.unpool(y).mul(g).sum());
                gc.backward(loss);
            }
            assertArrayEquals(new float[] {0, 5, 7, 0, 0, 0, 0, 0}, x.getGradient().toFloatArray());
            // y[0] went to (0,1) where g = 2; y[1] to (0,2) where g = 3
            assertArrayEquals(new float[] {2, 3}, y.getGradient().toFloatArray());
        }
    }

    @Test
    void channelsAndBatchesKeepTheirOwnSwitches() {
        try (NDManager m = NetworkTestSupport.manager()) {
            // sample 0 channel 0 = X; sample 0 channel 1 = X reversed; sample 1 = negated X
            float[] v = new float[24];
            for (int i = 0; i < 8; i++) {
                v[i] = X[i];
                v[8 + i] = X[7 - i];
                v[16 + i] = -X[i];
            }
            NDArray x = m.create(v, new Shape(3, 1, 2, 4)).reshape(3, 1, 2, 4);
            PoolSwitches sw = PoolSwitches.of(x);
            // reversed: 1 2 | 0 3 / 2 2 | 3 1 -> window0 max 2 first at (0,1); window1 max 3 first at (0,3)
            // negated: -1 -3 | -2 -2 / -3 0 | -2 -1 -> window0 max 0 at (1,1); window1 max -1 at (1,3)
            assertArrayEquals(new float[] {3, 2, 2, 3, 0, -1}, sw.pool(x).toFloatArray(), 0f);
            NDArray up = sw.unpool(m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 1, 1, 2)));
            assertArrayEquals(new float[] {
                0, 1, 2, 0, 0, 0, 0, 0,
                0, 3, 0, 4, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 5, 0, 6}, up.toFloatArray());
        }
    }
}
