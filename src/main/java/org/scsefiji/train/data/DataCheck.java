package org.scsefiji.train.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import org.scsefiji.instances.InstanceLabels;
import org.scsefiji.io.ImageReader;
import org.scsefiji.io.MultiChannelImageException;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.NormalizationStatistics;
import org.scsefiji.train.loss.MedianFrequencyWeights;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/**
 * Reads every pair once, one at a time (memory holds one pair, never the data set), before training:
 * both files open as single-channel images of the same size, labels are class ids. Computes the
 * normalisation of each 2-D slice (as inference does) and, optionally, class frequencies; with object ids, the
 * typical object size. Every problem is collected and reported together, each naming its file.
 */
public final class DataCheck {
    private final List<ImageEntry> entries;
    private final int maxClass;
    private final double objectDiameter;

    private DataCheck(List<ImageEntry> entries, int maxClass, double objectDiameter) {
        this.entries = entries;
        this.maxClass = maxClass;
        this.objectDiameter = objectDiameter;
    }

    /**
     * @param classCount the model's classes, or 0 when the labels decide (any id 0..253)
     * @param labelMode what the numbers of the label images mean
     * @param frequencies counts class frequencies of these labels (one "image" per slice), or null
     */
    public static DataCheck run(List<ImagePair> pairs, ImageReader reader, int classCount, LabelMode labelMode,
            Normalization normalization, MedianFrequencyWeights frequencies, ProgressListener progress, CancelToken cancel)
            throws TrainingDataException {
        int allowedMax = classCount > 0 ? classCount - 1 : ImageSlices.MAX_CLASS_ID;
        List<String> problems = new ArrayList<>();
        List<ImageEntry> entries = new ArrayList<>();
        int maxClass = -1;
        List<Double> medianAreas = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            cancel.check();
            ImagePair pair = pairs.get(i);
            progress.progress((double) i / pairs.size(), "Checking " + pair.image().getFileName() + " (" + (i + 1) + "/" + pairs.size() + ")");
            RandomAccessibleInterval<? extends RealType<?>> image = read(reader, pair.image(), false, problems);
            RandomAccessibleInterval<? extends RealType<?>> labels = read(reader, pair.labels(), true, problems);
            if (image == null || labels == null) continue;
            int[] size;
            int[] labelSize;
            try {
                size = ImageSlices.size(image);
                labelSize = ImageSlices.size(labels);
            } catch (IllegalArgumentException e) {
                problems.add(pair.image() + ": " + e.getMessage());
                continue;
            }
            if (!Arrays.equals(size, labelSize)) {
                problems.add(pair.labels() + ": is " + ImageSlices.describe(labelSize) + " but its image "
                        + pair.image().getFileName() + " is " + ImageSlices.describe(size) + "; label images must have the image's size");
                continue;
            }
            ImageSlices.LabelSlices ids;
            try {
                ids = ImageSlices.labels(labels, allowedMax, labelMode, labelMode.objectIds());
            } catch (IllegalArgumentException e) {
                problems.add(pair.labels() + ": " + e.getMessage());
                continue;
            }
            if (ids.maxClass < 0) {
                problems.add(pair.labels() + ": every pixel is 255 (not annotated); annotate some pixels or remove the pair");
                continue;
            }
            maxClass = Math.max(maxClass, ids.maxClass);
            if (ids.objectIds != null) {
                for (int[] slice : ids.objectIds) {
                    int m = InstanceLabels.medianArea(slice, Arrays.stream(slice).max().orElse(0));
                    if (m > 0) medianAreas.add((double) m);
                }
            }
            if (frequencies != null) {
                for (byte[] slice : ids.slices) frequencies.add(ArrayImgs.unsignedBytes(slice, size[0], size[1]));
            }
            NormalizationStatistics[] perSlice = ImageSlices.normalization(image, normalization, cancel);
            entries.add(new ImageEntry(pair, size[0], size[1], size[2], perSlice));
        }
        progress.progress(1, "Checked " + pairs.size() + " image pairs");
        if (!problems.isEmpty()) throw new TrainingDataException(problems);
        return new DataCheck(List.copyOf(entries), maxClass, diameter(median(medianAreas)));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) return 0;
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The diameter of a disc of {@code area} pixels, rounded to 0.1; 0 for 0. */
    private static double diameter(double area) {
        return area <= 0 ? 0 : Math.round(20 * Math.sqrt(area / Math.PI)) / 10.0;
    }

    private static RandomAccessibleInterval<? extends RealType<?>> read(ImageReader reader, Path file, boolean labels,
            List<String> problems) {
        try {
            RandomAccessibleInterval<? extends RealType<?>> img = reader.read(file);
            if (img == null) throw new IOException("could not be opened");
            return img;
        } catch (MultiChannelImageException e) {
            problems.add(file + ": " + e.getMessage() + (labels
                    ? "; label images must hold one class id per pixel (8- or 16-bit grayscale), not colours"
                    : "; convert it to one grayscale channel (8-, 16- or 32-bit)"));
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return null;
    }

    public List<ImageEntry> entries() {
        return entries;
    }

    /**
     * With object ids: the typical object diameter in pixels, that of a disc of the median over slices of each
     * slice's median object area (so that images with many small objects do not outweigh the rest); 0 without objects.
     */
    public double objectDiameter() {
        return objectDiameter;
    }

    /** The largest class id in any label image. */
    public int maxClass() {
        return maxClass;
    }
}
