package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Locale;
import org.scsefiji.instances.Instances;
import org.scsefiji.instances.MeasuredObject;
import org.scsefiji.instances.ObjectOutline;
import org.scsefiji.io.PixelCalibration;

/**
 * The objects of Segment Image in ImageJ, as StarDist gives them: one traced ROI per object in the ROI Manager
 * (named after the model's object class, {@code nucleus-0001}, ...), the {@value #OBJECTS_TABLE} table (one row
 * per object, the values of {@code X_objects.csv}: {@link Instances#row}) and one row per segmented image in
 * {@value #SUMMARY_TABLE} (image, count, mean area).
 */
public final class ObjectResults {
    /** One row per object of the last segmented image. */
    public static final String OBJECTS_TABLE = "scSE objects";
    /** One row per segmented image, appended run after run. */
    public static final String SUMMARY_TABLE = "scSE summary";

    private ObjectResults() {
    }

    /**
     * The ROI of each object, named {@code <className>-0001} by id (in a stack {@code <className>-<slice>-<id>},
     * slice and id four digits each) and placed on its slice of {@code image} (the segmented image).
     */
    public static Roi[] rois(Instances instances, String className, ImagePlus image) {
        List<MeasuredObject> objects = instances.objects();
        boolean stack = instances.planes().size() > 1;
        Roi[] rois = new Roi[objects.size()];
        for (int i = 0; i < rois.length; i++) {
            MeasuredObject o = objects.get(i);
            ObjectOutline outline = o.outline();
            Roi roi = new PolygonRoi(outline.xs(), outline.ys(), outline.vertexCount(), Roi.TRACED_ROI);
            roi.setName(stack ? String.format(Locale.ROOT, "%s-%04d-%04d", className, o.plane() + 1, o.label())
                    : String.format(Locale.ROOT, "%s-%04d", className, o.label()));
            if (stack) place(roi, o.plane(), image);
            rois[i] = roi;
        }
        return rois;
    }

    /** Planes run Z fastest, then T (the instance image's layout); a plain stack takes the slice number. */
    private static void place(Roi roi, int plane, ImagePlus image) {
        if (image == null || !image.isHyperStack()) {
            roi.setPosition(plane + 1);
            return;
        }
        int z = image.getNSlices();
        roi.setPosition(0, plane % z + 1, plane / z + 1);
    }

    /**
     * Empties the ROI Manager and adds {@code rois}, as StarDist does (the ROI Manager then lists this image's
     * objects only). In a batch-mode macro this is the hidden manager that the macro's {@code roiManager(...)} uses.
     *
     * @return false without a display (headless), where there is no ROI Manager
     */
    public static boolean toRoiManager(Roi[] rois) {
        if (GraphicsEnvironment.isHeadless()) return false;
        RoiManager manager = RoiManager.getInstance();
        if (manager == null) manager = RoiManager.getRoiManager();
        // a shown list redraws at each add: hide it meanwhile (never the batch-mode manager, which has no window)
        boolean window = manager != Interpreter.getBatchModeRoiManager() && manager.isVisible();
        if (window) manager.setVisible(false);
        manager.reset();
        for (Roi roi : rois) manager.add(roi, -1); // -1: keep the ROI's own name
        if (window) manager.setVisible(true);
        return true;
    }

    /** One row per object: the values of {@link Instances#row}, the unit in the column names. */
    public static ResultsTable objectsTable(Instances instances, PixelCalibration calibration) {
        List<String> columns = Instances.columnsWithUnit(calibration.unit());
        ResultsTable table = new ResultsTable();
        table.showRowNumbers(false);
        for (MeasuredObject o : instances.objects()) {
            Object[] row = Instances.row(o, calibration);
            table.incrementCounter();
            for (int c = 0; c < columns.size(); c++) table.addValue(columns.get(c), ((Number) row[c]).doubleValue());
        }
        for (int c = 0; c < columns.size(); c++) {
            if (isWhole(columns.get(c))) table.setDecimalPlaces(table.getColumnIndex(columns.get(c)), 0);
        }
        return table;
    }

    private static boolean isWhole(String column) {
        return List.of("label", "slice", "area_px", "bx", "by", "width", "height").contains(column);
    }

    /** The summary row of one image: image, count, mean area in the calibration's unit squared (NaN without objects). */
    public static void addSummaryRow(ResultsTable summary, String image, Instances instances, PixelCalibration calibration) {
        summary.showRowNumbers(false);
        summary.incrementCounter();
        summary.addValue("image", image);
        summary.addValue("count", instances.count());
        summary.addValue("mean area (" + calibration.unit() + "^2)", instances.meanArea() * calibration.area());
        summary.setDecimalPlaces(summary.getColumnIndex("count"), 0);
    }

    /**
     * Shows the objects table (replacing an earlier one) and appends a row to the summary table. In headless mode
     * ImageJ shows no tables: returns false, and the caller logs the count instead.
     */
    public static boolean showTables(String image, Instances instances, PixelCalibration calibration) {
        if (GraphicsEnvironment.isHeadless()) return false;
        objectsTable(instances, calibration).show(OBJECTS_TABLE);
        ResultsTable summary = ResultsTable.getResultsTable(SUMMARY_TABLE);
        if (summary == null) summary = new ResultsTable();
        addSummaryRow(summary, image, instances, calibration);
        summary.show(SUMMARY_TABLE);
        return true;
    }
}
