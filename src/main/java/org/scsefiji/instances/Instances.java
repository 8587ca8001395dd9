package org.scsefiji.instances;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.io.CsvTable;
import org.scsefiji.io.PixelCalibration;
import org.scsefiji.model.InstancePostProcessing;

/**
 * The objects of a segmented image: per 2-D plane an instance image (ids 1..N of that plane) and the
 * measured objects. Built from the stitched whole-image probabilities of {@code infer.Segmenter}, so objects
 * crossing tile borders are single objects. What the Fiji layer turns into ROIs and a results table, and the
 * command line into {@code X_instances.tif} and {@code X_objects.csv}.
 */
public final class Instances {
    /** Header of {@link #writeObjectsCsv}. */
    public static final String OBJECTS_HEADER = "label,slice,area_px,area,mean,min,max,x,y,perimeter,circularity,bx,by,width,height,unit";

    private final long[] dimensions;
    private final List<InstanceLabels> planes;
    private final List<MeasuredObject> objects;

    private Instances(long[] dimensions, List<InstanceLabels> planes, List<MeasuredObject> objects) {
        this.dimensions = dimensions.clone();
        this.planes = Collections.unmodifiableList(planes);
        this.objects = Collections.unmodifiableList(objects);
    }

    /**
     * Decodes and measures every 2-D plane (dimensions 0 and 1; further dimensions are planes, x fastest).
     *
     * @param probabilities per-class probabilities: the label image's dimensions plus a last one of classes
     * @param intensity the segmented image without its channel axis (the label image's dimensions), or null
     */
    public static Instances decode(RandomAccessibleInterval<? extends RealType<?>> probabilities,
            RandomAccessibleInterval<? extends RealType<?>> intensity, InstancePostProcessing parameters) {
        int last = probabilities.numDimensions() - 1;
        if (last < 2) throw new IllegalArgumentException("probabilities need x, y and a class dimension");
        long[] dims = new long[last];
        for (int d = 0; d < last; d++) dims[d] = probabilities.dimension(d);
        if (dims[0] > Integer.MAX_VALUE || dims[1] > Integer.MAX_VALUE || dims[0] * dims[1] > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a plane of " + dims[0] + " x " + dims[1] + " pixels is too large to split into objects");
        }
        long classes = probabilities.dimension(last);
        int highest = Math.max(parameters.coreClass(), Math.max(parameters.objectClass(), parameters.outlineClass()));
        if (highest >= classes) {
            throw new IllegalArgumentException("the post-processing names class " + highest + " but there are " + classes + " classes");
        }
        if (intensity != null) {
            for (int d = 0; d < last; d++) {
                if (intensity.numDimensions() != last || intensity.dimension(d) != dims[d]) {
                    throw new IllegalArgumentException("the image and its probabilities differ in size");
                }
            }
        }
        int w = (int) dims[0];
        int h = (int) dims[1];
        long planeCount = 1;
        for (int d = 2; d < last; d++) planeCount *= dims[d];
        Cursor<? extends RealType<?>> object = classPlane(probabilities, parameters.objectClass());
        Cursor<? extends RealType<?>> outline = classPlane(probabilities, parameters.outlineClass());
        Cursor<? extends RealType<?>> core = parameters.hasCoreClass() ? classPlane(probabilities, parameters.coreClass()) : null;
        Cursor<? extends RealType<?>> values = intensity == null ? null : Views.flatIterable(intensity).cursor();
        float[] pObject = new float[w * h];
        float[] pOutline = new float[w * h];
        float[] pCore = core == null ? null : new float[w * h];
        float[] value = intensity == null ? null : new float[w * h];
        InstanceDecoder decoder = new InstanceDecoder(parameters);
        List<InstanceLabels> planes = new ArrayList<>();
        List<MeasuredObject> objects = new ArrayList<>();
        for (int p = 0; p < planeCount; p++) {
            read(object, pObject);
            read(outline, pOutline);
            if (core != null) read(core, pCore);
            if (values != null) read(values, value);
            InstanceLabels labels = decoder.decode(pObject, pOutline, pCore, w, h);
            planes.add(labels);
            objects.addAll(ObjectMeasurements.measure(labels, value, p));
        }
        return new Instances(dims, planes, objects);
    }

    private static Cursor<? extends RealType<?>> classPlane(RandomAccessibleInterval<? extends RealType<?>> probabilities, int c) {
        int last = probabilities.numDimensions() - 1;
        return Views.flatIterable(Views.hyperSlice(probabilities, last, probabilities.min(last) + c)).cursor();
    }

    private static void read(Cursor<? extends RealType<?>> c, float[] into) {
        for (int i = 0; i < into.length; i++) into[i] = c.next().getRealFloat();
    }

    /** The instance image's dimensions (the label image's). */
    public long[] dimensions() {
        return dimensions.clone();
    }

    /** One instance image per plane. */
    public List<InstanceLabels> planes() {
        return planes;
    }

    /** Every object, plane by plane, by id. */
    public List<MeasuredObject> objects() {
        return objects;
    }

    public int count() {
        return objects.size();
    }

    /** The largest id of any plane (65535 fits a 16-bit image). */
    public int maxLabel() {
        int m = 0;
        for (InstanceLabels p : planes) m = Math.max(m, p.count());
        return m;
    }

    /** Mean area in pixels; NaN without objects. */
    public double meanArea() {
        if (objects.isEmpty()) return Double.NaN;
        double sum = 0;
        for (MeasuredObject o : objects) sum += o.area();
        return sum / objects.size();
    }

    /** One row per object ({@link #OBJECTS_HEADER}, values of {@link #row}). Written atomically. */
    public void writeObjectsCsv(Path file, PixelCalibration calibration) throws IOException {
        CsvTable table = new CsvTable(List.of(OBJECTS_HEADER.split(",")));
        for (MeasuredObject o : objects) table.add(row(o, calibration));
        table.write(file);
    }

    /**
     * The values of one object in {@link #OBJECTS_HEADER}'s order: area, x, y and perimeter in {@code calibration}'s
     * units, the unit last. The one source of {@code X_objects.csv} and of Fiji's objects table.
     */
    public static Object[] row(MeasuredObject o, PixelCalibration calibration) {
        double pw = calibration.width();
        double ph = calibration.height();
        double side = Math.sqrt(pw * ph);
        return new Object[] {o.label(), o.plane() + 1, o.area(), o.area() * calibration.area(), o.mean(), o.min(), o.max(),
            o.centroidX() * pw, o.centroidY() * ph, o.perimeter() * side, o.circularity(), o.boxX(), o.boxY(), o.boxWidth(),
            o.boxHeight(), calibration.unit()};
    }

    /**
     * The columns of {@link #OBJECTS_HEADER} without the unit column, the unit in the names of the calibrated ones instead
     * ({@code area (µm^2)}, {@code x (µm)}, ...), for a table that shows {@link #row} without its last value.
     */
    public static List<String> columnsWithUnit(String unit) {
        List<String> names = new ArrayList<>();
        for (String c : OBJECTS_HEADER.split(",")) {
            switch (c) {
                case "unit": break;
                case "area": names.add("area (" + unit + "^2)"); break;
                case "x": case "y": case "perimeter": names.add(c + " (" + unit + ")"); break;
                default: names.add(c);
            }
        }
        return names;
    }

    /** One line of a folder's summary.csv. */
    public static final class Summary {
        final String image;
        final int count;
        final double meanArea;
        final double seconds;

        /** @param meanArea in calibrated units */
        public Summary(String image, int count, double meanArea, double seconds) {
            this.image = image;
            this.count = count;
            this.meanArea = meanArea;
            this.seconds = seconds;
        }
    }

    /** summary.csv: image,count,mean_area,seconds; written atomically. */
    public static void writeSummaryCsv(Path file, List<Summary> rows) throws IOException {
        CsvTable table = new CsvTable(List.of("image", "count", "mean_area", "seconds"));
        for (Summary s : rows) table.add(s.image, s.count, s.meanArea, Math.rint(s.seconds * 1000) / 1000);
        table.write(file);
    }
}
