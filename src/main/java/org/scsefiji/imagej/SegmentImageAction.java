package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.gui.Overlay;
import java.io.IOException;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/** Segment Image: the active image through a model; label image, class overlay, ROI Manager, maps. */
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
            ImageSegmentation s = ImageSegmentation.run(pipeline, model.spec().classes(), imp, options.pixelSize(),
                    o.bool("probabilities"), o.bool("attention_maps"), progress, cancel.token());
            progress.log(imp.getTitle() + ": " + (s.pixelSize() == null ? "" : "pixel size " + s.pixelSize() + ", ")
                    + s.plausibility().describe());
            Overlay rois = s.showOverlay(imp, overlay);
            if (toManager) {
                Overlay forManager = rois.size() > 0 ? rois : ClassOverlay.fromLabels(s.labels(), s.classes(), 0, imp);
                if (!ClassOverlay.toRoiManager(forManager)) progress.log("no ROI Manager without a display; the overlay holds the class ROIs");
            }
            progress.done("done");
            return s;
        }
    }
}
