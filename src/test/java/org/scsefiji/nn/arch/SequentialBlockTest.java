package org.scsefiji.nn.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.scsefiji.nn.NetworkTestSupport;

class SequentialBlockTest {
    @Test
    void intermediatesAreFreedAndOnlyInputAndOutputRemain() {
        Block b = ConvBlocks.bnLeakyConv(3, 4); // BN, LeakyReLU, convolution: two intermediates
        try (NDManager m = NetworkTestSupport.manager()) {
            b.initialize(m, DataType.FLOAT32, new Shape(1, 4, 6, 6));
            for (boolean training : new boolean[] {false, true}) {
                try (NDManager call = m.newSubManager()) {
                    NDArray x = call.randomUniform(0, 1, new Shape(1, 4, 6, 6));
                    NDArray y = b.forward(new ParameterStore(call, false), new NDList(x), training).singletonOrThrow();
                    List<NDArray> live = ((BaseNDManager) call).getManagedArrays();
                    assertEquals(2, live.size(), "training=" + training + ": " + live);
                    assertTrue(live.contains(x) && live.contains(y));
                }
            }
        }
    }

    @Test
    void nestedBlocksKeepDjlsParameterNames() {
        Block b = new SequentialBlock().add(ConvBlocks.convBnLeaky(1, 4)).add(BatchNorm.builder().build());
        Set<String> names = b.getChildren().keys().stream().collect(Collectors.toSet());
        assertEquals(Set.of("01SequentialBlock", "02BatchNorm"), names);
    }
}
