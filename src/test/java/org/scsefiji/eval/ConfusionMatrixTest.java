package org.scsefiji.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.scsefiji.model.ClassInfo;

class ConfusionMatrixTest {
    private static final List<ClassInfo> CLASSES = List.of(new ClassInfo(2, "fluid", "#00ff00", false),
            new ClassInfo(0, "background", "#000000", true), new ClassInfo(1, "layer, inner", "#ff0000", false));

    /**
     * truth     0 0 0 1 255 0
     * predicted 0 1 1 1 2   0
     * counts: (0,0) = 2, (0,1) = 2, (1,1) = 1; the 255 pixel is skipped; total 5.
     * Dice 0 = 2*2 / (4 + 2) = 0.6666667; Dice 1 = 2*1 / (1 + 3) = 0.5; class 2 in neither -> NaN.
     * Mean foreground Dice (classes 1, 2; NaN skipped) = 0.5. Pixel accuracy = 3 / 5 = 0.6.
     */
    private static ConfusionMatrix handExample() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.add(new int[] {0, 0, 0, 1, 255, 0}, new int[] {0, 1, 1, 1, 2, 0});
        return m;
    }

    private static RandomAccessibleInterval<UnsignedByteType> image(int w, int h, long minX, long minY, int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return Views.translate(ArrayImgs.unsignedBytes(b, w, h), minX, minY);
    }

    @Test
    void countsAndScoresByHand() {
        ConfusionMatrix m = handExample();
        assertEquals(2, m.count(0, 0));
        assertEquals(2, m.count(0, 1));
        assertEquals(1, m.count(1, 1));
        assertEquals(5, m.total());
        SegmentationMetrics s = new SegmentationMetrics(m, CLASSES);
        assertEquals(2.0 / 3, s.dice(0), 1e-12);
        assertEquals(0.5, s.dice(1), 1e-12);
        assertTrue(Double.isNaN(s.dice(2)));
        assertEquals(0.5, s.meanForegroundDice(), 1e-12);
        assertEquals(0.6, s.pixelAccuracy(), 1e-12);
    }

    @Test
    void imagesWithDifferentMinsPairByPositionAndMerge() {
        // Same pixels as the hand example, as 3x2 images at different mins, as bytes, and as a merge:
        // truth 2 predicted as 1 once more makes class 2 present in truth only -> Dice 2 = 0.
        ConfusionMatrix fromImages = new ConfusionMatrix(3);
        fromImages.add(image(3, 2, 4, -1, 0, 0, 0, 1, 255, 0), image(3, 2, 0, 0, 0, 1, 1, 1, 2, 0));
        ConfusionMatrix fromBytes = new ConfusionMatrix(3);
        fromBytes.add(new byte[] {2}, new byte[] {1});
        fromBytes.add(new byte[] {(byte) 255}, new byte[] {0});
        fromImages.merge(fromBytes);
        assertEquals(2, fromImages.count(0, 0));
        assertEquals(2, fromImages.count(0, 1));
        assertEquals(1, fromImages.count(1, 1));
        assertEquals(1, fromImages.count(2, 1));
        assertEquals(6, fromImages.total());
        SegmentationMetrics s = new SegmentationMetrics(fromImages, CLASSES);
        assertEquals(0.0, s.dice(2), 0);
        // Dice 1 = 2*1 / (1 + 4) = 0.4; mean foreground = (0.4 + 0) / 2 = 0.2
        assertEquals(0.2, s.meanForegroundDice(), 1e-12);
    }

    @Test
    void sizeMismatchAndBadLabelsAreNamed() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.add(image(3, 2, 0, 0, 0, 0, 0, 0, 0, 0), image(2, 3, 0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals("Truth and prediction differ in size: truth 3 x 2, prediction 2 x 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.add(new int[] {5}, new int[] {0}));
        assertTrue(e.getMessage().startsWith("Truth label 5 is not a class"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.add(new int[] {0}, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> m.merge(new ConfusionMatrix(2)));
    }

    @Test
    void csvUsesAPointWhateverTheLocale() throws IOException {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            StringBuilder csv = new StringBuilder();
            new SegmentationMetrics(handExample(), CLASSES).writeCsv(csv);
            assertEquals("class,name,dice,truth_pixels,predicted_pixels\n"
                    + "0,background,0.666667,4,2\n"
                    + "1,\"layer, inner\",0.500000,1,3\n"
                    + "2,fluid,NaN,0,0\n", csv.toString());
        } finally {
            Locale.setDefault(before);
        }
    }
}
