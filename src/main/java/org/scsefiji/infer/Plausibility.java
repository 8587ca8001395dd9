package org.scsefiji.infer;

import java.util.Locale;
import org.scsefiji.model.RetinaAnatomy;

/**
 * How much one segmented image looks like what its model was trained on: the mean confidence (the
 * highest class probability of each pixel, averaged), and with a {@link RetinaAnatomy} model the share
 * of A-scans whose raw labelling breaks the anatomical order and the share of pixels the repair changes
 * (measured whether the repair is applied or switched off). Figures summed over every slice of the image.
 */
public final class Plausibility {
    /** What users are told when the figures are past the model's limits. */
    public static final String WARNING = "this image differs from what the model was trained on; check the result, "
            + "or fine-tune on a few labelled images of yours";

    private final double confidenceSum;
    private final long pixels;
    private final long columns;
    private final long brokenColumns;
    private final long repairedPixels;
    private final RetinaAnatomy limits;

    Plausibility(double confidenceSum, long pixels, long columns, long brokenColumns, long repairedPixels, RetinaAnatomy limits) {
        this.confidenceSum = confidenceSum;
        this.pixels = pixels;
        this.columns = columns;
        this.brokenColumns = brokenColumns;
        this.repairedPixels = repairedPixels;
        this.limits = limits;
    }

    /** Mean over pixels of the highest class probability (after flip averaging and resampling back). */
    public double meanConfidence() {
        return pixels == 0 ? Double.NaN : confidenceSum / pixels;
    }

    /** Share of columns (A-scans) whose raw labels broke the anatomy; NaN without an anatomy check. */
    public double brokenColumns() {
        return limits == null || columns == 0 ? Double.NaN : (double) brokenColumns / columns;
    }

    /** Share of pixels whose label the anatomy repair changes; NaN for a model without anatomy. */
    public double repairedPixels() {
        return limits == null || pixels == 0 ? Double.NaN : (double) repairedPixels / pixels;
    }

    /**
     * Whether the figures pass the limits the model declares (only models with {@link RetinaAnatomy}
     * declare any; others never warn).
     */
    public boolean looksUnlikeTraining() {
        return limits != null && (repairedPixels() > limits.warnRepairedPixels() || meanConfidence() < limits.warnConfidence());
    }

    /** One line for logs: the figures, and the warning when it applies. */
    public String describe() {
        String s = String.format(Locale.ROOT, "mean_confidence=%.3f", meanConfidence());
        if (limits != null) {
            s += String.format(Locale.ROOT, " broken_columns=%.3f repaired_pixels=%.4f", brokenColumns(), repairedPixels());
        }
        return looksUnlikeTraining() ? s + "; WARNING: " + WARNING : s;
    }

    /** The CSV header matching {@link #csvRow}. */
    public static String csvHeader() {
        return "mean_confidence,broken_columns,repaired_pixels,warn_confidence,warn_repaired_pixels,unlike_training";
    }

    /** Figures and limits as one CSV row (empty cells where not measured). */
    public String csvRow() {
        return String.format(Locale.ROOT, "%.4f,%s,%s,%s,%s,%b", meanConfidence(), cell(brokenColumns()), cell(repairedPixels()),
                limits == null ? "" : cell(limits.warnConfidence()), limits == null ? "" : cell(limits.warnRepairedPixels()),
                looksUnlikeTraining());
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public String toString() {
        return describe();
    }
}
