package org.scsefiji.imagej;

import org.scsefiji.io.FileNames;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.infer.Plausibility;
import org.scsefiji.infer.SegmentationOutputs;
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.instances.Instances;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.PixelSize;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/** One ImagePlus through the core's {@link SegmentationPipeline}, and its results as ImageJ images and overlays. */
public final class ImageSegmentation {
    /** Overlay styles users choose from: class outlines, translucent filled regions, or no overlay. */
    public static final List<String> OVERLAY_STYLES = org.scsefiji.options.Operations.OVERLAY_STYLES;
    /** Opacity of filled class regions (0-255). */
    static final int FILL_ALPHA = 100;
    static final List<String> ATTENTION_NAMES = List.of("sSE first encoder block", "sSE last decoder block");

    private final ImagePlus labels;
    private final ImagePlus probabilities;
    private final ImagePlus attention;
    private final List<ClassInfo> classes;
    private final SegmentationPipeline.Result result;
    private final PixelSize pixelSize;
    private final Instances instances;
    private final ImagePlus instanceImage;

    private ImageSegmentation(ImagePlus labels, ImagePlus probabilities, ImagePlus attention, List<ClassInfo> classes,
            SegmentationPipeline.Result result, PixelSize pixelSize, Instances instances, ImagePlus instanceImage) {
        this.labels = labels;
        this.probabilities = probabilities;
        this.attention = attention;
        this.classes = classes;
        this.result = result;
        this.pixelSize = pixelSize;
        this.instances = instances;
        this.instanceImage = instanceImage;
    }

    /**
     * Segments {@code imp} (every slice, channel and frame) with {@code pipeline}, whose model has
     * {@code classes}, at the pixel size {@code pixelSize} (micrometres; null = the image's calibration,
     * if any). The label image carries the class LUT and class names; probabilities (one channel per
     * class) and attention maps only when asked for.
     */
    public static ImageSegmentation run(SegmentationPipeline pipeline, List<ClassInfo> classes, ImagePlus imp, PixelSize pixelSize,
            boolean probabilities, boolean attention, ProgressListener progress, CancelToken cancel) {
        return run(pipeline, classes, imp, pixelSize, probabilities, attention, null, progress, cancel);
    }

    /**
     * As above; with {@code instances} (may be null) also splits the result into objects and measures them on
     * the image's first channel ({@link #instances()}, {@link #instanceImage()}).
     */
    public static ImageSegmentation run(SegmentationPipeline pipeline, List<ClassInfo> classes, ImagePlus imp, PixelSize pixelSize,
            boolean probabilities, boolean attention, InstancePostProcessing instances, ProgressListener progress, CancelToken cancel) {
        ImagePlusView image = ImagePlusViews.wrap(imp);
        PixelSize size = pixelSize != null ? pixelSize : ImagePlusViews.pixelSize(imp);
        String base = baseTitle(imp);
        long[] labelDims = image.axes().withoutChannel(image.pixels().dimensionsAsLongArray());
        // the segmenter writes straight into the label image's planes: no second whole-image copy
        ImagePlus labels = ResultImages.emptyLabelImage(labelDims, pipeline.classCount(), classes, base + "_labels", imp);
        SegmentationPipeline.Result result = segment(pipeline, image.pixels(), image, size, ImagePlusViews.wrapLabels(labels, labelDims),
                probabilities || instances != null, attention, progress, cancel);
        SegmentationOutputs out = result.outputs();
        int last = out.labels().numDimensions();
        Instances objects = null;
        ImagePlus instanceImage = null;
        if (instances != null) {
            progress.progress(1, "Splitting into objects");
            objects = Instances.decode(out.probabilities(), firstChannel(image), result.atImageScale(instances));
            instanceImage = ResultImages.instanceImage(objects, base + "_instances", imp);
        }
        ImagePlus p = !probabilities || out.probabilities() == null ? null
                : ResultImages.probabilityImage(out.probabilities(), last, classes, base + "_probabilities", imp);
        ImagePlus a = out.attention() == null ? null
                : ResultImages.floatImage(out.attention(), last, ATTENTION_NAMES, base + "_attention", imp);
        return new ImageSegmentation(labels, p, a, classes, result, size, objects, instanceImage);
    }

    private static RandomAccessibleInterval<? extends RealType<?>> firstChannel(ImagePlusView image) {
        if (!image.axes().hasChannelAxis()) return image.pixels();
        int c = image.axes().channelAxis();
        return Views.hyperSlice(image.pixels(), c, image.pixels().min(c));
    }

    /** The objects and their measurements; null unless asked for. */
    public Instances instances() {
        return instances;
    }

    /** The 16-bit instance image; null unless asked for. */
    public ImagePlus instanceImage() {
        return instanceImage;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SegmentationPipeline.Result segment(SegmentationPipeline pipeline, RandomAccessibleInterval<? extends RealType<?>> pixels,
            ImagePlusView image, PixelSize size, RandomAccessibleInterval<? extends IntegerType<?>> labels, boolean probabilities,
            boolean attention, ProgressListener progress, CancelToken cancel) {
        return pipeline.segment((RandomAccessibleInterval) pixels, image.axes(), size, labels, probabilities, attention, progress, cancel);
    }

    /** How much the image looks like the model's training data. */
    public Plausibility plausibility() {
        return result.plausibility();
    }

    /** The pixel size the image was segmented as (option or calibration), or null when unknown. */
    public PixelSize pixelSize() {
        return pixelSize;
    }

    /** Width and height of the slices the network saw (the image's own unless resampled). */
    public long[] networkSize() {
        return result.networkSize();
    }

    public ImagePlus labels() {
        return labels;
    }

    /** Null unless requested. */
    public ImagePlus probabilities() {
        return probabilities;
    }

    /** Null unless requested. */
    public ImagePlus attention() {
        return attention;
    }

    public List<ClassInfo> classes() {
        return classes;
    }

    /**
     * Puts one named ROI per class onto {@code shownOn} (the segmented image) in the chosen style,
     * replacing the class ROIs of an earlier run and keeping the user's own ROIs. Returns the class ROIs
     * (empty for style "none").
     */
    public Overlay showOverlay(ImagePlus shownOn, String style) {
        if (style.equals("none")) return new Overlay();
        Overlay classRois = ClassOverlay.fromLabels(labels, classes, style.equals("fill") ? FILL_ALPHA : 0, shownOn);
        Overlay overlay = new Overlay();
        Overlay old = shownOn.getOverlay();
        if (old != null) {
            for (Roi roi : old.toArray()) {
                if (roi.getProperty(ClassOverlay.CLASS_INDEX) == null) overlay.add(roi);
            }
        }
        for (Roi roi : classRois.toArray()) overlay.add(roi);
        shownOn.setOverlay(overlay);
        return classRois;
    }

    /** The title without a file extension, for naming results. */
    public static String baseTitle(ImagePlus imp) {
        String t = imp.getTitle() == null || imp.getTitle().isEmpty() ? "image" : imp.getTitle();
        return FileNames.baseName(t);
    }
}
