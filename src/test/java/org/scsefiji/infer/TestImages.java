package org.scsefiji.infer;

import java.util.Random;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Seeded test images at non-zero minima. */
final class TestImages {
    private TestImages() {
    }

    /**
     * A steep ramp along X plus noise and a pattern along Y: tiles see very different intensities than
     * the whole image, so any per-tile statistic (normalisation or squeeze) would show.
     */
    static RandomAccessibleInterval<FloatType> ramp(long[] min, long[] dims, long seed) {
        Img<FloatType> img = ArrayImgs.floats(dims);
        Random r = new Random(seed);
        Cursor<FloatType> c = img.localizingCursor();
        while (c.hasNext()) {
            c.fwd();
            double x = c.getDoublePosition(0) / dims[0];
            double y = c.getLongPosition(1) % 7;
            double extra = 0;
            for (int d = 2; d < dims.length; d++) extra += 100 * c.getLongPosition(d);
            c.get().setReal(1000 * x * x + 300 * r.nextDouble() + 40 * y + extra);
        }
        return Views.translate(img, min);
    }

    /** An empty image of the given size whose minimum is {@code min}. */
    static <T> RandomAccessibleInterval<T> at(Img<T> img, long... min) {
        return Views.translate(img, min);
    }
}
