package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.gui.Overlay;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.instances.Instances;
import org.scsefiji.io.PixelCalibration;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/**
 * Segment Image: the active image through a model; label image, class overlay, ROI Manager, maps; for a model that
 * splits objects also the instance image, one ROI per object and the objects tables ({@link ObjectResults}).
 */
public final class SegmentImageAction {
    public static final String TITLE = Operations.SEGMENT.title();
    private SegmentImageAction() {
    }

    /**
     * Segments {@code imp}; the overlay goes onto {@code imp}, the returned images are not shown yet.
     * The label image is always computed (it is the segmentation) but returned only when asked for.
     *
     * @throws IllegalArgumentException for bad options or an image the model cannot take
     * @throws org.scsefiji.task.CancelledException when cancelled (Esc)
     */
    public static ImageSegmentation run(Settings o, ImagePlus imp) throws IOException {
        if (imp == null) throw new IllegalArgumentException("No image is open: open the image to segment first");
        String overlay = o.choice("overlay");
        int tileSize = o.integer("tile_size");
        DeviceChoice device = DeviceChoice.parse(o.choice("device"));
        boolean toManager = o.bool("roi_manager");
        ImagePlusViews.wrap(imp); // refuses RGB and indexed colour before a model is loaded
        ImageJProgress progress = new ImageJProgress(TITLE);
        try (EscapeCancel cancel = EscapeCancel.start();
                ScseModel model = InstalledModels.load(InstalledModels.resolve(o.text("model")), device, TITLE)) {
            FileSegmentation.Options options = FileSegmentation.withPipelineOptions(o, new FileSegmentation.Options());
            options.tileSize = tileSize;
            SegmentationPipeline pipeline = FileSegmentation.pipeline(model, options);
            InstancePostProcessing instances = o.bool("instances") && model.spec().postProcessing() instanceof InstancePostProcessing
                    ? (InstancePostProcessing) model.spec().postProcessing() : null;
            ImageSegmentation s = ImageSegmentation.run(pipeline, model.spec().classes(), imp, options.pixelSize(),
                    o.bool("probabilities"), o.bool("attention_maps"), instances, progress, cancel.token());
            long[] net = s.networkSize();
            boolean zoomed = net[0] != imp.getWidth() || net[1] != imp.getHeight();
            progress.log(imp.getTitle() + ": " + (s.pixelSize() == null ? "" : "pixel size " + s.pixelSize() + ", ")
                    + (zoomed ? "network saw " + net[0] + " x " + net[1] + ", " : "") + s.plausibility().describe());
            if (instances != null) showObjects(s, className(model.spec().classes(), instances.objectClass()), imp, progress);
            Overlay rois = s.showOverlay(imp, overlay);
            if (toManager) {
                Overlay forManager = rois.size() > 0 ? rois : ClassOverlay.fromLabels(s.labels(), s.classes(), 0, imp);
                if (!ClassOverlay.toRoiManager(forManager)) progress.log("no ROI Manager without a display; the overlay holds the class ROIs");
            }
            progress.done("done");
            return s;
        }
    }

    /**
     * The objects as StarDist gives them: ROIs in the ROI Manager, the objects table and a summary row; without
     * a display (headless) the ROI Manager and the tables are skipped with a line in the Log.
     */
    private static void showObjects(ImageSegmentation s, String className, ImagePlus imp, ImageJProgress progress) {
        Instances objects = s.instances();
        PixelCalibration calibration = ImagePlusViews.calibration(imp);
        progress.log(String.format(Locale.ROOT, "%s: %d %s objects, mean area %.4g %s^2", imp.getTitle(), objects.count(), className,
                objects.meanArea() * calibration.area(), calibration.unit()));
        if (!ObjectResults.toRoiManager(ObjectResults.rois(objects, className, imp))) {
            progress.log("no ROI Manager without a display: the objects are in the instance image");
        }
        if (!ObjectResults.showTables(imp.getTitle(), objects, calibration)) {
            progress.log("no tables without a display: segment with Segment Folder (instances=true) for X_objects.csv and summary.csv");
        }
    }

    /** The name of the class the objects are of (e.g. nucleus), for the ROI names. */
    private static String className(List<ClassInfo> classes, int index) {
        for (ClassInfo c : classes) {
            if (c.index() == index) return c.name();
        }
        return "object";
    }
}
