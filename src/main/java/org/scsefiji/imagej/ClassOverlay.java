package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import org.scsefiji.model.ClassInfo;

/**
 * Per-class overlays of a label map: one ROI per non-background class present in a plane (all its
 * pixels, holes and separate parts included), named after the class, in the class colour, with the
 * ROI property {@value #CLASS_INDEX}. Stroke colours are set directly and no ROI group is used,
 * because Roi.setGroup replaces the colour from a LUT file that plain ImageJ may lack.
 */
public final class ClassOverlay {
    public static final String CLASS_INDEX = "class_index";

    private ClassOverlay() {
    }

    /**
     * ROIs of one 8-bit or 16-bit label plane. {@code fillAlpha} 0 draws outlines in the class colour
     * (stroke colour); 1 to 255 fills each region in its class colour with that opacity (fill colour;
     * ImageJ then clears the stroke colour, as it draws filled areas without outline).
     */
    public static Overlay fromLabels(ImageProcessor labels, List<ClassInfo> classes, int fillAlpha) {
        Overlay overlay = new Overlay();
        addPlane(overlay, labels, classes, fillAlpha, 0, 0, 0);
        return overlay;
    }

    /** ROIs of every plane of a label image, placed for showing on the label image itself. */
    public static Overlay fromLabels(ImagePlus labels, List<ClassInfo> classes, int fillAlpha) {
        return fromLabels(labels, classes, fillAlpha, labels);
    }

    /**
     * ROIs of every plane of a label image, placed for showing on {@code shownOn}: the label image or the
     * image it segments, which must have the same Z and T and may have channels. ImageJ matches a plain
     * ROI position against the stack index but a hyperstack ROI against (c, z, t), so the kind of
     * position follows {@code shownOn}; a hyperstack gets channel 0, i.e. all channels.
     */
    public static Overlay fromLabels(ImagePlus labels, List<ClassInfo> classes, int fillAlpha, ImagePlus shownOn) {
        if (labels.getBitDepth() != 8 && labels.getBitDepth() != 16) {
            throw new IllegalArgumentException("Label image '" + labels.getTitle() + "' must be 8-bit or 16-bit to draw class outlines");
        }
        int n = labels.getStackSize();
        if (shownOn.getNSlices() * shownOn.getNFrames() != n) {
            throw new IllegalArgumentException("Label image '" + labels.getTitle() + "' has " + n + " planes but '" + shownOn.getTitle()
                + "' has " + shownOn.getNSlices() + " slices x " + shownOn.getNFrames() + " frames");
        }
        Overlay overlay = new Overlay();
        for (int i = 1; i <= n; i++) {
            ImageProcessor plane = labels.getStack().getProcessor(i);
            int z = (i - 1) % shownOn.getNSlices() + 1, t = (i - 1) / shownOn.getNSlices() + 1;
            if (n == 1) addPlane(overlay, plane, classes, fillAlpha, 0, 0, 0);
            else if (shownOn.isHyperStack()) addPlane(overlay, plane, classes, fillAlpha, -1, z, t);
            else addPlane(overlay, plane, classes, fillAlpha, shownOn.getStackIndex(1, z, t), 0, 0);
        }
        return overlay;
    }

    /** ROIs of a core label map (X, Y, then slices); see {@link #fromLabels(ImagePlus, List, int)}. */
    public static Overlay fromLabels(RandomAccessibleInterval<? extends IntegerType<?>> labels, List<ClassInfo> classes, int fillAlpha) {
        return fromLabels(ResultImages.labelImage(labels, classes, "labels", null), classes, fillAlpha);
    }

    /**
     * Copies the overlay's ROIs into the ROI Manager, keeping names and positions, and returns true.
     * Headless (batch, CLI, Fiji --headless) there is no ROI Manager (it is a window): returns false and
     * does nothing, so callers should also save the overlay with the image.
     */
    public static boolean toRoiManager(Overlay overlay) {
        if (GraphicsEnvironment.isHeadless()) return false;
        // In a batch-mode macro getInstance gives the hidden manager that the macro's roiManager(...) uses.
        RoiManager manager = RoiManager.getInstance();
        if (manager == null) manager = RoiManager.getRoiManager();
        for (Roi roi : overlay.toArray()) manager.add((Roi) roi.clone(), -1); // -1: keep the ROI's own name
        return true;
    }

    /** position > 0: stack slice; position -1: hyperstack (z, t); 0: not placed. */
    private static void addPlane(Overlay overlay, ImageProcessor labels, List<ClassInfo> classes, int fillAlpha,
            int position, int z, int t) {
        if (fillAlpha < 0 || fillAlpha > 255) throw new IllegalArgumentException("Fill opacity must be 0 (outline) to 255, got " + fillAlpha);
        if (!(labels instanceof ByteProcessor) && !(labels instanceof ShortProcessor)) {
            throw new IllegalArgumentException("Class outlines need an 8-bit or 16-bit label map, got " + labels.getBitDepth() + "-bit");
        }
        boolean[] present = presentValues(labels);
        // Thresholds are state on the processor: set on the caller's (no whole-plane copy) and restored after.
        double low = labels.getMinThreshold(), high = labels.getMaxThreshold();
        try {
            addClasses(overlay, labels, present, classes, fillAlpha, position, z, t);
        } finally {
            if (low == ImageProcessor.NO_THRESHOLD) labels.resetThreshold();
            else labels.setThreshold(low, high, ImageProcessor.NO_LUT_UPDATE);
        }
    }

    private static void addClasses(Overlay overlay, ImageProcessor labels, boolean[] present, List<ClassInfo> classes, int fillAlpha,
            int position, int z, int t) {
        for (ClassInfo c : classes) {
            if (c.background() || c.index() >= present.length || !present[c.index()]) continue;
            labels.setThreshold(c.index(), c.index(), ImageProcessor.NO_LUT_UPDATE);
            Roi roi = new ThresholdToSelection().convert(labels);
            if (roi == null) continue;
            Color color = c.awtColor();
            roi.setName(c.name());
            roi.setProperty(CLASS_INDEX, Integer.toString(c.index()));
            roi.setStrokeColor(color);
            if (fillAlpha > 0) roi.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), fillAlpha));
            if (position > 0) roi.setPosition(position);
            else if (position < 0) roi.setPosition(0, z, t);
            overlay.add(roi);
        }
    }

    private static boolean[] presentValues(ImageProcessor labels) {
        int max = 0, n = labels.getPixelCount();
        for (int i = 0; i < n; i++) max = Math.max(max, labels.get(i));
        boolean[] present = new boolean[max + 1];
        for (int i = 0; i < n; i++) present[labels.get(i)] = true;
        return present;
    }
}
