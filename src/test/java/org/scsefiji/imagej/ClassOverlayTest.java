package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ClassPalettes;

class ClassOverlayTest {
    private static final List<ClassInfo> CLASSES = List.of(
        new ClassInfo(0, "background", "#000000", true),
        new ClassInfo(1, "NFL", "#e6194b", false),
        new ClassInfo(2, "fluid", "#00a0ff", false),
        new ClassInfo(3, "absent layer", "#3cb44b", false),
        new ClassInfo(4, "below Bruch's membrane", "#404040", true));

    /** Nearest of a few seeded centres (a Voronoi map), so classes form blobs with holes and separate parts. */
    private static ArrayImg<IntType, IntArray> voronoi(Random random, int[] classOfCentre, long... dims) {
        int n = classOfCentre.length;
        double[][] centres = new double[n][2];
        for (double[] c : centres) {
            c[0] = random.nextDouble() * dims[0];
            c[1] = random.nextDouble() * dims[1];
        }
        ArrayImg<IntType, IntArray> img = ArrayImgs.ints(dims);
        var cursor = img.localizingCursor();
        while (cursor.hasNext()) {
            cursor.fwd();
            int best = 0;
            double bestD = Double.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                double d = Math.hypot(cursor.getDoublePosition(0) - centres[i][0], cursor.getDoublePosition(1) - centres[i][1]);
                if (d < bestD) {
                    bestD = d;
                    best = i;
                }
            }
            cursor.get().set(classOfCentre[best]);
        }
        return img;
    }

    private static final int[] CENTRE_CLASSES = {0, 1, 2, 1, 4, 7, 2, 0, 1};

    @Test
    void oneRoiPerPresentForegroundClassCoveringExactlyItsPixels() {
        ArrayImg<IntType, IntArray> map = voronoi(new Random(31), CENTRE_CLASSES, 40, 30);
        ImagePlus labels = ResultImages.labelImage(Views.translate(map, 100, -50), CLASSES, "labels", null);
        Overlay overlay = ClassOverlay.fromLabels(labels.getProcessor(), CLASSES, 0);
        // 0 and 4 are background, 3 is absent, 7 has no class: only NFL and fluid
        assertEquals(2, overlay.size());
        for (Roi roi : overlay.toArray()) {
            int c = Integer.parseInt(roi.getProperty(ClassOverlay.CLASS_INDEX));
            assertEquals(CLASSES.get(c).name(), roi.getName());
            assertEquals(CLASSES.get(c).awtColor(), roi.getStrokeColor());
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    assertEquals(map.getAt(x, y).get() == c, roi.contains(x, y), roi.getName() + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void overlayLutAndClassesSurviveTiffSaveAndReopen(@TempDir Path dir) throws Exception {
        ArrayImg<IntType, IntArray> map = voronoi(new Random(32), CENTRE_CLASSES, 48, 36);
        ImagePlus labels = ResultImages.labelImage(map, CLASSES, "labels", null);
        Overlay overlay = ClassOverlay.fromLabels(labels, CLASSES, 96);
        labels.setOverlay(overlay);
        Path file = dir.resolve("labels.tif");
        ImageFiles.writeTiff(labels, file, Set.of());
        ImagePlus reopened = ImageFiles.read(file);

        Overlay back = reopened.getOverlay();
        assertNotNull(back, "overlay lost in the TIFF");
        assertEquals(overlay.size(), back.size());
        for (int i = 0; i < overlay.size(); i++) {
            Roi before = overlay.get(i), after = back.get(i);
            assertEquals(before.getName(), after.getName());
            assertEquals(before.getStrokeColor(), after.getStrokeColor());
            assertEquals(before.getProperty(ClassOverlay.CLASS_INDEX), after.getProperty(ClassOverlay.CLASS_INDEX));
            assertEquals(before.getBounds(), after.getBounds());
            // ImageJ draws a filled area ROI without outline, so the class colour is in the fill
            Color classColor = CLASSES.get(Integer.parseInt(after.getProperty(ClassOverlay.CLASS_INDEX))).awtColor();
            Color fill = after.getFillColor();
            assertEquals(96, fill.getAlpha());
            assertEquals(classColor.getRGB() & 0xffffff, fill.getRGB() & 0xffffff);
        }
        assertEquals(CLASSES.get(2).awtColor().getRGB(), reopened.getProcessor().getLut().getRGB(2));
        assertEquals(CLASSES, ClassProperties.read(reopened).orElseThrow());
        for (int y = 0; y < 36; y++) {
            for (int x = 0; x < 48; x++) assertEquals(map.getAt(x, y).get(), reopened.getProcessor().get(x, y));
        }
    }

    @Test
    void stackRoisArePlacedOnTheirSlicesAndKeepPositionsInTiff(@TempDir Path dir) throws Exception {
        Random random = new Random(33);
        ArrayImg<IntType, IntArray> volume = ArrayImgs.ints(24, 20, 3);
        for (int z = 0; z < 3; z++) {
            ArrayImg<IntType, IntArray> plane = voronoi(random, CENTRE_CLASSES, 24, 20);
            var target = Views.hyperSlice(volume, 2, z).cursor();
            for (IntType v : plane) target.next().set(v);
        }
        Views.hyperSlice(volume, 2, 1).forEach(v -> v.set(v.get() == 2 ? 0 : v.get())); // no fluid on slice 2
        ImagePlus labels = ResultImages.labelImage(volume, CLASSES, "volume", null);
        Overlay overlay = ClassOverlay.fromLabels(labels, CLASSES, 0);
        assertEquals(5, overlay.size());
        labels.setOverlay(overlay);
        Path file = dir.resolve("volume.tif");
        ImageFiles.writeTiff(labels, file, Set.of());
        Overlay back = ImageFiles.read(file).getOverlay();
        assertEquals(5, back.size());
        int[] expectedSlices = {1, 1, 2, 3, 3};
        for (int i = 0; i < back.size(); i++) {
            assertEquals(expectedSlices[i], back.get(i).getPosition(), back.get(i).getName());
            assertEquals(overlay.get(i).getBounds(), back.get(i).getBounds());
            assertEquals(overlay.get(i).getName(), back.get(i).getName());
            int c = Integer.parseInt(back.get(i).getProperty(ClassOverlay.CLASS_INDEX));
            assertEquals(CLASSES.get(c).awtColor(), back.get(i).getStrokeColor());
            assertEquals(CLASSES.get(c).name(), back.get(i).getName());
        }
    }

    @Test
    void hyperstackRoisGetZAndT() {
        ArrayImg<IntType, IntArray> zt = ArrayImgs.ints(6, 5, 2, 2);
        zt.getAt(1, 1, 1, 1).set(1);
        ImagePlus labels = ResultImages.labelImage(zt, CLASSES, "zt", null);
        Overlay overlay = ClassOverlay.fromLabels(labels, CLASSES, 0);
        assertEquals(1, overlay.size());
        Roi roi = overlay.get(0);
        assertEquals(0, roi.getCPosition());
        assertEquals(2, roi.getZPosition());
        assertEquals(2, roi.getTPosition());
    }

    @Test
    void roiManagerExportIsSkippedHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "tests run headless (pom sets java.awt.headless)");
        Overlay overlay = ClassOverlay.fromLabels(ResultImages.labelImage(ArrayImgs.ints(new int[] {0, 1, 1, 0}, 2, 2), CLASSES, "l", null), CLASSES, 0);
        assertFalse(ClassOverlay.toRoiManager(overlay));
    }

    @Test
    void roisForAMultiChannelSourceUseHyperstackPositionsOnAllChannels() {
        ArrayImg<IntType, IntArray> volume = ArrayImgs.ints(6, 5, 3);
        volume.getAt(2, 2, 1).set(2);
        ImagePlus labels = ResultImages.labelImage(volume, CLASSES, "labels", null);
        ImageStack planes = new ImageStack(6, 5);
        for (int i = 0; i < 2 * 3; i++) planes.addSlice(new ByteProcessor(6, 5));
        ImagePlus source = new ImagePlus("two channels", planes);
        source.setDimensions(2, 3, 1);
        Overlay overlay = ClassOverlay.fromLabels(labels, CLASSES, 0, source);
        assertEquals(1, overlay.size());
        Roi roi = overlay.get(0);
        assertEquals(0, roi.getPosition());
        assertEquals(0, roi.getCPosition());
        assertEquals(2, roi.getZPosition());
        ImageStack two = new ImageStack(6, 5);
        two.addSlice(new ByteProcessor(6, 5));
        two.addSlice(new ByteProcessor(6, 5));
        ImagePlus wrongDepth = new ImagePlus("2 slices", two);
        assertThrows(IllegalArgumentException.class, () -> ClassOverlay.fromLabels(labels, CLASSES, 0, wrongDepth));
    }

    @Test
    void sixteenBitLabelsGiveRoisForHighClassIndices() {
        List<ClassInfo> many = ClassPalettes.generic(300);
        ArrayImg<IntType, IntArray> map = ArrayImgs.ints(8, 6);
        for (int y = 1; y < 4; y++) for (int x = 2; x < 5; x++) map.getAt(x, y).set(299);
        ImagePlus labels = ResultImages.labelImage(map, many, "many", null);
        assertEquals(16, labels.getBitDepth());
        Overlay overlay = ClassOverlay.fromLabels(labels, many, 0);
        assertEquals(1, overlay.size());
        assertEquals("class 299", overlay.get(0).getName());
        assertEquals(new Rectangle(2, 1, 3, 3), overlay.get(0).getBounds());
    }
}
