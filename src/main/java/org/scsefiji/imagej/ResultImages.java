package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import java.util.ArrayList;
import java.util.List;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.instances.InstanceLabels;
import org.scsefiji.instances.Instances;
import org.scsefiji.model.ClassInfo;

/**
 * ImagePlus results built from core images (copies). Dimension 0 is X, 1 is Y; the pixel at the
 * interval's min becomes ImageJ pixel (0, 0), so intervals need not start at zero.
 */
public final class ResultImages {
    private ResultImages() {
    }

    /**
     * A label image: 8-bit, or 16-bit when a class index or label value is above 255. Dimensions after
     * X, Y become slices (3-D: Z; 4-D: Z then T; more: one flat stack). Carries the class LUT and the
     * {@link ClassProperties}. {@code source} (may be null) is the segmented image: its spatial calibration
     * is copied, and its Z/T layout and slice labels too when its Z x T equals the number of planes.
     */
    public static ImagePlus labelImage(RandomAccessibleInterval<? extends IntegerType<?>> labels, List<ClassInfo> classes,
            String title, ImagePlus source) {
        long max = classes.stream().mapToLong(ClassInfo::index).max().orElse(0);
        for (IntegerType<?> v : Views.iterable(labels)) {
            long value = v.getIntegerLong();
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("Label value " + value + " cannot be stored: class ids must be 0 to 65535");
            }
            max = Math.max(max, value);
        }
        if (max > 65535) throw new IllegalArgumentException("Class index " + max + " is above 65535, the largest a label image can hold");
        boolean eightBit = max <= 255;
        int[] size = planeSize(labels);
        ImageStack stack = new ImageStack(size[0], size[1]);
        Cursor<? extends IntegerType<?>> cursor = Views.flatIterable(labels).cursor();
        for (int p = 0; p < size[2]; p++) {
            int n = size[0] * size[1];
            if (eightBit) {
                byte[] plane = new byte[n];
                for (int i = 0; i < n; i++) plane[i] = (byte) cursor.next().getInteger();
                stack.addSlice(null, plane);
            } else {
                short[] plane = new short[n];
                for (int i = 0; i < n; i++) plane[i] = (short) cursor.next().getInteger();
                stack.addSlice(null, plane);
            }
        }
        return decorateLabels(new ImagePlus(title, stack), labels.dimensionsAsLongArray(), classes, source);
    }

    /**
     * An empty label image of {@code dims} (X, Y, then slices; as {@link #labelImage} makes it: 8-bit for
     * up to 256 classes, else 16-bit) for a segmenter to write into through {@link
     * ImagePlusViews#wrapLabels(ImagePlus, long[])}: the labels then exist once, in the image that is shown
     * or saved.
     */
    public static ImagePlus emptyLabelImage(long[] dims, int classCount, List<ClassInfo> classes, String title, ImagePlus source) {
        long max = Math.max(classCount - 1, classes.stream().mapToLong(ClassInfo::index).max().orElse(0));
        if (max > 65535) throw new IllegalArgumentException("Class index " + max + " is above 65535, the largest a label image can hold");
        long planes = 1;
        for (int d = 2; d < dims.length; d++) planes = Math.multiplyExact(planes, dims[d]);
        ImageStack stack = ImageStack.create(Math.toIntExact(dims[0]), Math.toIntExact(dims[1]), Math.toIntExact(planes), max <= 255 ? 8 : 16);
        return decorateLabels(new ImagePlus(title, stack), dims, classes, source);
    }

    private static ImagePlus decorateLabels(ImagePlus imp, long[] dims, List<ClassInfo> classes, ImagePlus source) {
        int nd = dims.length;
        if (nd == 4) imp.setDimensions(1, (int) dims[2], (int) dims[3]);
        else if (nd > 2) imp.setDimensions(1, imp.getStackSize(), 1);
        imp.setLut(ClassLut.of(classes));
        imp.setDisplayRange(0, 255); // a 16-bit image then shows classes 0..255 in their LUT colours
        copyFrom(source, imp, 1);
        ClassProperties.store(imp, classes);
        return imp;
    }

    /**
     * A 32-bit image of per-class probabilities (display range 0-1), one slice per class named after it.
     * {@code classAxis} (>= 2) holds the classes; see {@link #floatImage}.
     */
    public static ImagePlus probabilityImage(RandomAccessibleInterval<? extends RealType<?>> probabilities, int classAxis,
            List<ClassInfo> classes, String title, ImagePlus source) {
        List<String> names = new ArrayList<>();
        for (ClassInfo c : classes) names.add(c.name());
        ImagePlus imp = floatImage(probabilities, classAxis, names, title, source);
        imp.setDisplayRange(0, 1);
        return imp;
    }

    /**
     * A 32-bit image with one slice per entry of {@code names} along {@code namedAxis} (>= 2), each slice
     * labelled with its name (probability maps, attention maps). Other dimensions after X, Y become Z,
     * with the named axis as ImageJ channels. {@code source} (may be null): as for {@link #labelImage}.
     */
    public static ImagePlus floatImage(RandomAccessibleInterval<? extends RealType<?>> maps, int namedAxis, List<String> names,
            String title, ImagePlus source) {
        if (namedAxis < 2 || namedAxis >= maps.numDimensions()) {
            throw new IllegalArgumentException("The named axis must be a dimension from 2 to " + (maps.numDimensions() - 1) + ", got " + namedAxis);
        }
        if (maps.dimension(namedAxis) != names.size()) {
            throw new IllegalArgumentException("Axis " + namedAxis + " has " + maps.dimension(namedAxis) + " entries but " + names.size() + " names were given");
        }
        // With the named axis third, flat iteration visits planes in ImageJ's order: channel fastest, then Z.
        RandomAccessibleInterval<? extends RealType<?>> ordered = Views.moveAxis(maps, namedAxis, 2);
        int[] size = planeSize(ordered);
        ImageStack stack = new ImageStack(size[0], size[1]);
        Cursor<? extends RealType<?>> cursor = Views.flatIterable(ordered).cursor();
        for (int p = 0; p < size[2]; p++) {
            float[] plane = new float[size[0] * size[1]];
            for (int i = 0; i < plane.length; i++) plane[i] = cursor.next().getRealFloat();
            stack.addSlice(names.get(p % names.size()), plane);
        }
        ImagePlus imp = new ImagePlus(title, stack);
        int z = size[2] / names.size();
        if (z > 1) imp.setDimensions(names.size(), z, 1);
        copyFrom(source, imp, names.size());
        imp.resetDisplayRange();
        return imp;
    }

    /**
     * The 16-bit instance image of {@link Instances}: 0 = background, 1..N per plane, in the distinct colours of
     * {@link ClassLut#distinct()} (0 black), spatial calibration and Z/T layout from {@code source} (may be null).
     *
     * @throws IllegalArgumentException when a plane holds more than 65535 objects
     */
    public static ImagePlus instanceImage(Instances instances, String title, ImagePlus source) {
        int max = instances.maxLabel();
        if (max > 65535) {
            throw new IllegalArgumentException(max + " objects in one plane: a 16-bit instance image holds at most 65535; segment a smaller region");
        }
        List<InstanceLabels> planes = instances.planes();
        ImageStack stack = new ImageStack(planes.get(0).width(), planes.get(0).height());
        for (InstanceLabels p : planes) {
            int[] ids = p.labels();
            short[] plane = new short[ids.length];
            for (int i = 0; i < ids.length; i++) plane[i] = (short) ids[i];
            stack.addSlice(null, plane);
        }
        ImagePlus imp = new ImagePlus(title, stack);
        long[] dims = instances.dimensions();
        if (dims.length == 4) imp.setDimensions(1, (int) dims[2], (int) dims[3]);
        else if (dims.length > 2) imp.setDimensions(1, planes.size(), 1);
        copyFrom(source, imp, 1);
        // Distinct colours so that touching objects are told apart; the ids stay as they are. Up to 255 objects a
        // plane, display range 0..255 gives each id its own LUT entry; beyond, ImageJ bins ids into the 256 entries.
        imp.setLut(ClassLut.distinct());
        imp.setDisplayRange(0, Math.max(255, max));
        return imp;
    }

    /** Width, height and number of planes; ImageJ keeps each plane in one Java array. */
    private static int[] planeSize(RandomAccessibleInterval<?> image) {
        if (image.numDimensions() < 2) throw new IllegalArgumentException("An image needs X and Y, got " + image.numDimensions() + " dimension(s)");
        long w = image.dimension(0), h = image.dimension(1), planes = 1;
        for (int d = 2; d < image.numDimensions(); d++) planes *= image.dimension(d);
        if (w * h > Integer.MAX_VALUE || planes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Image of " + w + " x " + h + " x " + planes + " is too large for ImageJ (at most 2^31 pixels per plane)");
        }
        return new int[] {(int) w, (int) h, (int) planes};
    }

    /**
     * Spatial calibration, and the source's Z/T layout (and, for labels, slice labels) when its planes match ours:
     * the core sees a time series as X, Y and one more axis, which would otherwise come back as Z.
     * Only spatial calibration: a value calibration (e.g. signed 16-bit) would corrupt class ids.
     */
    private static void copyFrom(ImagePlus source, ImagePlus target, int channels) {
        if (source == null) return;
        Calibration cal = source.getCalibration().copy();
        cal.disableDensityCalibration();
        target.setCalibration(cal);
        int z = source.getNSlices(), t = source.getNFrames();
        if (target.getStackSize() == channels || (long) z * t * channels != target.getStackSize()) return;
        target.setDimensions(channels, z, t);
        if (channels > 1) return; // float images keep their per-channel names as slice labels
        for (int i = 1; i <= target.getStackSize(); i++) {
            String label = source.getStack().getSliceLabel(source.getStackIndex(1, (i - 1) % z + 1, (i - 1) / z + 1));
            if (label != null) target.getStack().setSliceLabel(label, i);
        }
    }
}
