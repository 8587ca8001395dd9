package org.scsefiji.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.scsefiji.model.ClassInfo;

class BoundaryWeightMapTest {
    /** 4 x 3 labels at min (10, -3): row 0: 0 0 1 1 / row 1: 0 255 1 2 / row 2: 0 0 2 2 */
    private static RandomAccessibleInterval<UnsignedByteType> labels() {
        byte[] b = {0, 0, 1, 1, 0, (byte) 255, 1, 2, 0, 0, 2, 2};
        return Views.translate(ArrayImgs.unsignedBytes(b, 4, 3), 10, -3);
    }

    private static final List<ClassInfo> CLASSES = List.of(new ClassInfo(0, "background", "#000000", true),
            new ClassInfo(1, "layer", "#ff0000", false), new ClassInfo(2, "fluid", "#00ff00", false));

    @Test
    void reLayNetWeightsByHand() {
        // w = 1 + 10 [boundary] + 5 [class 1 or 2]; 255 -> 0. Boundary = a 4-neighbour with another, non-255 label.
        // row 0: (0,0) 0 no -> 1; (1,0) 0 right is 1 -> 11; (2,0) 1 left is 0 -> 16; (3,0) 1 below is 2 -> 16
        // row 1: (0,1) 0 only 0s and 255 around -> 1; (1,1) ignore -> 0; (2,1) 1 right is 2 -> 16; (3,1) 2 above 1 -> 16
        // row 2: (0,2) 0 -> 1; (1,2) 0 right is 2 -> 11; (2,2) 2 left is 0 -> 16; (3,2) 2 only 2s -> 6
        float[] w = BoundaryWeightMap.forClasses(CLASSES).compute(labels());
        assertArrayEquals(new float[] {1, 11, 16, 16, 1, 0, 16, 16, 1, 11, 16, 6}, w, 0f);
    }

    @Test
    void imageKeepsTheLabelsMinAndOptionsApply() {
        // w1 = 2, w2 = 0.5, only class 2 weighted: (2,0) label 1 on a boundary -> 3; (3,2) label 2 inside -> 1.5
        BoundaryWeightMap map = new BoundaryWeightMap(2f, 0.5f, 2);
        RandomAccessibleInterval<FloatType> img = map.image(labels());
        assertArrayEquals(new long[] {10, -3}, img.minAsLongArray());
        RandomAccess<FloatType> ra = img.randomAccess();
        assertEquals(3f, ra.setPositionAndGet(12, -3).get(), 0f);
        assertEquals(1.5f, ra.setPositionAndGet(13, -1).get(), 0f);
        assertEquals(0f, ra.setPositionAndGet(11, -2).get(), 0f);
    }

    @Test
    void onlyTwoDimensions() {
        assertThrows(IllegalArgumentException.class,
                () -> BoundaryWeightMap.forClasses(CLASSES).compute(ArrayImgs.unsignedBytes(2, 2, 2)));
    }
}
