package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.gui.Overlay;
import java.io.IOException;
import java.util.List;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.infer.SegmentationPipeline;
import org.scsefiji.infer.Segmenter;
import org.scsefiji.model.ScseModel;

/** Segment Image: the active image through a model; label image, class overlay, ROI Manager, maps. */
public final class SegmentImageAction {
    public static final String TITLE = "Segment Image";
    /** Options shared with Segment Folder and Evaluate Model. */
    static final Option MODEL = Option.model("installed model name, or model file");
    static final Option DEVICE = Option.choice("device", "auto", Option.keysOf(DeviceChoice.class),
            "auto = GPU when PyTorch sees one, else CPU");
    static final Option TILE_SIZE = Option.integer("tile_size", 0, 0, 1 << 15, "tile side in pixels, 0 = automatic");
    static final Option PROBABILITIES = Option.bool("probabilities", false, "per-class probability maps");
    static final Option ATTENTION_MAPS = Option.bool("attention_maps", false, "spatial attention (sSE) maps");

    public static final List<Option> OPTIONS = List.of(MODEL, DEVICE, TILE_SIZE,
            Option.bool("label_image", true, "show the label image"),
            Option.choice("overlay", "outline", ImageSegmentation.OVERLAY_STYLES, "class overlay on the image"),
            Option.bool("roi_manager", false, "add the class ROIs to the ROI Manager"),
            PROBABILITIES, ATTENTION_MAPS);

    private SegmentImageAction() {
    }

    /**
     * Segments {@code imp}; the overlay goes onto {@code imp}, the returned images are not shown yet.
     * The label image is always computed (it is the segmentation) but returned only when asked for.
     *
     * @throws IllegalArgumentException for bad options or an image the model cannot take
     * @throws org.scsefiji.task.CancelledException when cancelled (Esc)
     */
    public static ImageSegmentation run(OptionValues o, ImagePlus imp) throws IOException {
        if (imp == null) throw new IllegalArgumentException("No image is open: open the image to segment first");
        String overlay = o.choice("overlay");
        int tileSize = o.integer("tile_size");
        DeviceChoice device = DeviceChoice.parse(o.choice("device"));
        boolean toManager = o.bool("roi_manager");
        ImagePlusViews.wrap(imp); // refuses RGB and indexed colour before a model is loaded
        ImageJProgress progress = new ImageJProgress(TITLE);
        try (EscapeCancel cancel = EscapeCancel.start();
                ScseModel model = InstalledModels.load(InstalledModels.resolve(o.text("model")), device, TITLE)) {
            SegmentationPipeline pipeline = new SegmentationPipeline(new Segmenter(model).tileSize(tileSize), model.spec());
            ImageSegmentation s = ImageSegmentation.run(pipeline, model.spec().classes(), imp, null,
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
