package org.scsefiji.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.ScseModel;

/** Every architecture x SE variant x aggregation gives (N, classes, H, W) for odd H and W. */
class NetworkShapeTest {
    static Stream<Arguments> variants() {
        return NetworkTestSupport.variants();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void oddSizedInputKeepsItsSize(Architecture arch, SeBlockType se, Aggregation agg) {
        NetworkSpec spec = NetworkTestSupport.small(arch).seBlock(se).aggregation(agg).build();
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 1); NDManager m = NetworkTestSupport.manager()) {
            NDArray y = NetworkTestSupport.forward(model, NetworkTestSupport.randomInput(m, 2, 2, 1, 37, 21));
            assertEquals(new Shape(2, 3, 37, 21), y.getShape());
        }
    }
}
