package org.scsefiji.train.loss;

import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.scsefiji.model.ClassInfo;

/**
 * ReLayNet pixel weights: w(x) = 1 + w1 [x on a label boundary] + w2 [label(x) is a weighted class],
 * defaults w1 = 10, w2 = 5; ignore pixels ({@link ClassInfo#IGNORE_LABEL}) get 0.
 *
 * <p>Boundary: a labelled pixel with at least one 4-neighbour inside the image whose label differs and is
 * not the ignore label. Both sides of a label change are boundary pixels (a 2-pixel-wide band, like the
 * gradient test of QuickNAT's weight map); the image border and the edge of an unannotated region are not.
 */
public final class BoundaryWeightMap implements PixelWeightMap {
    public static final float DEFAULT_BOUNDARY_WEIGHT = 10f;
    public static final float DEFAULT_CLASS_WEIGHT = 5f;

    private final float boundaryWeight;
    private final float classWeight;
    private final boolean[] weighted = new boolean[ClassInfo.IGNORE_LABEL];

    /** @param weightedClasses the classes that get + classWeight (OCT: retinal layers and fluid) */
    public BoundaryWeightMap(float boundaryWeight, float classWeight, int... weightedClasses) {
        if (!Float.isFinite(boundaryWeight) || !Float.isFinite(classWeight) || boundaryWeight < 0 || classWeight < 0) {
            throw new IllegalArgumentException("Boundary weight map: w1 and w2 must be finite and >= 0, got "
                    + boundaryWeight + " and " + classWeight);
        }
        for (int c : weightedClasses) {
            if (c < 0 || c >= weighted.length) {
                throw new IllegalArgumentException("Boundary weight map: " + c + " is not a class index");
            }
            weighted[c] = true;
        }
        this.boundaryWeight = boundaryWeight;
        this.classWeight = classWeight;
    }

    /** Default w1, w2; the non-background classes are weighted. */
    public static BoundaryWeightMap forClasses(List<ClassInfo> classes) {
        return new BoundaryWeightMap(DEFAULT_BOUNDARY_WEIGHT, DEFAULT_CLASS_WEIGHT,
                classes.stream().filter(c -> !c.background()).mapToInt(ClassInfo::index).toArray());
    }

    /** Weights of a 2-D label image, x fastest (row after row), whatever the interval's min. */
    public float[] compute(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
        if (labels.numDimensions() != 2) {
            throw new IllegalArgumentException("Boundary weight map needs a 2-D label image, got "
                    + labels.numDimensions() + " dimensions");
        }
        long w = labels.dimension(0);
        long h = labels.dimension(1);
        if (w * h > Integer.MAX_VALUE) throw new IllegalArgumentException("Label image too large: " + w + " x " + h);
        int[] values = new int[(int) (w * h)];
        int i = 0;
        for (IntegerType<?> t : Views.flatIterable(labels)) values[i++] = t.getInteger();
        return compute(values, (int) w, (int) h);
    }

    /** The same weights as a float image with the label image's min and size. */
    public RandomAccessibleInterval<FloatType> image(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
        long[] min = labels.minAsLongArray();
        return Views.translate(ArrayImgs.floats(compute(labels), labels.dimensionsAsLongArray()), min);
    }

    /** Reads class ids. */
    @Override
    public boolean readsObjectIds() {
        return false;
    }

    /** Weights of a label image of class ids stored row after row (x fastest). */
    @Override
    public float[] compute(int[] labels, int width, int height) {
        PixelWeightMap.checkSize("Boundary weight map", labels, width, height);
        float[] out = new float[labels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int l = labels[i];
                if (l == ClassInfo.IGNORE_LABEL) continue;
                boolean boundary = (x > 0 && differs(l, labels[i - 1])) || (x < width - 1 && differs(l, labels[i + 1]))
                        || (y > 0 && differs(l, labels[i - width])) || (y < height - 1 && differs(l, labels[i + width]));
                boolean weightedClass = l >= 0 && l < weighted.length && weighted[l];
                out[i] = 1f + (boundary ? boundaryWeight : 0f) + (weightedClass ? classWeight : 0f);
            }
        }
        return out;
    }

    private static boolean differs(int label, int neighbour) {
        return neighbour != label && neighbour != ClassInfo.IGNORE_LABEL;
    }
}
