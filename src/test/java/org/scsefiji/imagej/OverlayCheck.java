package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import java.awt.Point;
import java.util.HashSet;
import java.util.Set;
import org.scsefiji.model.ClassInfo;

/** Checks class overlays against the label image they were made from. */
public final class OverlayCheck {
    private OverlayCheck() {
    }

    /** Every ROI is one class present in the labels and covers exactly that class's pixels. */
    public static void matchesLabels(Overlay overlay, ImageProcessor labels) {
        assertNotNull(overlay);
        Set<Integer> present = new HashSet<>();
        for (int i = 0; i < labels.getPixelCount(); i++) {
            if (labels.get(i) != 0) present.add(labels.get(i));
        }
        Set<Integer> drawn = new HashSet<>();
        for (Roi roi : overlay.toArray()) {
            int c = Integer.parseInt(roi.getProperty(ClassOverlay.CLASS_INDEX));
            ClassInfo info = TestFixtures.CLASSES.get(c);
            assertEquals(info.name(), roi.getName());
            drawn.add(c);
            Set<Point> inside = new HashSet<>();
            for (Point pt : roi.getContainedPoints()) inside.add(pt);
            for (int y = 0; y < labels.getHeight(); y++) {
                for (int x = 0; x < labels.getWidth(); x++) {
                    assertEquals(labels.get(x, y) == c, inside.contains(new Point(x, y)), "class " + c + " at " + x + "," + y);
                }
            }
        }
        assertEquals(present, drawn);
    }
}
