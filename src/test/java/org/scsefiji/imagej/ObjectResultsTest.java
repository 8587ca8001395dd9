package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.gui.Roi;
import ij.measure.ResultsTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.instances.Instances;
import org.scsefiji.instances.MeasuredObject;
import org.scsefiji.io.PixelCalibration;
import org.scsefiji.model.InstancePostProcessing;

/**
 * Segment Image's objects in ImageJ: the objects table holds the numbers of X_objects.csv, and each ROI covers
 * exactly its object's pixels with ImageJ measuring the same perimeter.
 */
class ObjectResultsTest {
    private static final int W = 96;
    private static final int H = 80;

    @TempDir
    Path dir;

    @Test
    void tableIsTheCsvAndRoisAreTheObjects() throws Exception {
        Instances instances = discs(new Random(11), 14);
        assertTrue(instances.count() >= 8, "objects: " + instances.count());
        PixelCalibration cal = new PixelCalibration(0.25, 0.5, 0, "um");

        ResultsTable table = ObjectResults.objectsTable(instances, cal);
        Path csv = dir.resolve("x_objects.csv");
        instances.writeObjectsCsv(csv, cal);
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<String> columns = Instances.columnsWithUnit(cal.unit());
        assertTrue(columns.contains("area (\u00B5m^2)"), "unit in the column names: " + columns);
        assertEquals(lines.size() - 1, table.size());
        for (int r = 0; r < table.size(); r++) {
            String[] cells = lines.get(r + 1).split(",");
            int c = 0;
            for (int k = 0; k < header.length; k++) {
                if (header[k].equals("unit")) {
                    assertEquals("\u00B5m", cells[k]);
                    continue;
                }
                double expected = Double.parseDouble(cells[k]);
                double shown = table.getValue(columns.get(c++), r);
                assertEquals(expected, shown, Math.abs(expected) * 1e-8, header[k] + " of row " + r);
            }
        }

        Roi[] rois = ObjectResults.rois(instances, "nucleus", null);
        assertEquals(instances.count(), rois.length);
        int[] ids = instances.planes().get(0).labels();
        for (int i = 0; i < rois.length; i++) {
            MeasuredObject o = instances.objects().get(i);
            assertEquals(String.format("nucleus-%04d", o.label()), rois[i].getName());
            // the ROI's pixels are the object's pixels, no more, no fewer
            int inside = 0;
            for (java.awt.Point p : rois[i].getContainedPoints()) {
                assertEquals(o.label(), ids[p.y * W + p.x], "pixel " + p + " of " + rois[i].getName());
                inside++;
            }
            assertEquals(o.area(), inside, rois[i].getName());
            assertEquals(o.perimeter(), rois[i].getLength(), 1e-9, "ImageJ's perimeter of " + rois[i].getName());
        }

        ResultsTable summary = new ResultsTable();
        ObjectResults.addSummaryRow(summary, "x.tif", instances, cal);
        ObjectResults.addSummaryRow(summary, "y.tif", instances, cal);
        assertEquals(2, summary.size());
        assertEquals("y.tif", summary.getStringValue("image", 1));
        assertEquals(instances.count(), (int) summary.getValue("count", 0));
        double meanArea = 0;
        for (int r = 0; r < table.size(); r++) meanArea += table.getValue("area (\u00B5m^2)", r) / table.size();
        assertEquals(meanArea, summary.getValue("mean area (\u00B5m^2)", 0), 1e-9);
        assertFalse(ObjectResults.toRoiManager(rois), "tests run headless: no ROI Manager");
    }

    /** Seeded discs (some touching) as probabilities: object inside, outline on the rim, background elsewhere. */
    private static Instances discs(Random random, int n) {
        ArrayImg<FloatType, FloatArray> p = ArrayImgs.floats(W, H, 3);
        ArrayImg<FloatType, FloatArray> intensity = ArrayImgs.floats(W, H);
        float[] probs = p.update(null).getCurrentStorageArray();
        float[] values = intensity.update(null).getCurrentStorageArray();
        for (int i = 0; i < W * H; i++) {
            probs[i] = 1;
            values[i] = random.nextFloat() * 100;
        }
        RandomAccess<FloatType> a = p.randomAccess();
        for (int k = 0; k < n; k++) {
            double cx = 8 + random.nextDouble() * (W - 16);
            double cy = 8 + random.nextDouble() * (H - 16);
            double r = 4 + random.nextDouble() * 5;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double d = Math.hypot(x - cx, y - cy);
                    if (d > r) continue;
                    int cls = d > r - 1.5 ? 2 : 1;
                    if (cls == 2 && get(a, x, y, 1) == 1) continue; // another disc's interior stays
                    for (int c = 0; c < 3; c++) set(a, x, y, c, c == cls ? 1 : 0);
                }
            }
        }
        return Instances.decode(p, intensity, InstancePostProcessing.defaults());
    }

    private static float get(RandomAccess<FloatType> a, int x, int y, int c) {
        a.setPosition(new long[] {x, y, c});
        return a.get().get();
    }

    private static void set(RandomAccess<FloatType> a, int x, int y, int c, float v) {
        a.setPosition(new long[] {x, y, c});
        a.get().set(v);
    }
}
