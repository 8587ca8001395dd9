package org.scsefiji.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scsefiji.io.AtomicFiles;
import org.scsefiji.model.ClassInfo;

/**
 * Scores from a confusion matrix: per-class Dice 2 TP / (truth pixels + predicted pixels), NaN when the
 * class is in neither; the mean Dice over non-background classes (NaN ones skipped); pixel accuracy.
 */
public final class SegmentationMetrics {
    private final ConfusionMatrix matrix;
    private final ClassInfo[] classes;

    /** @param classes one per class index 0..K-1, in any order */
    public SegmentationMetrics(ConfusionMatrix matrix, List<ClassInfo> classes) {
        int k = matrix.classCount();
        this.matrix = matrix;
        this.classes = new ClassInfo[k];
        for (ClassInfo c : classes) {
            if (c.index() >= k || this.classes[c.index()] != null) {
                throw new IllegalArgumentException("Class " + c + " does not fit a confusion matrix of " + k
                        + " classes (index too large or listed twice)");
            }
            this.classes[c.index()] = c;
        }
        for (int c = 0; c < k; c++) {
            if (this.classes[c] == null) throw new IllegalArgumentException("No class description for class " + c);
        }
    }

    public ConfusionMatrix matrix() {
        return matrix;
    }

    public double dice(int c) {
        long truth = matrix.truthCount(c);
        long predicted = matrix.predictedCount(c);
        if (truth + predicted == 0) return Double.NaN;
        return 2.0 * matrix.count(c, c) / (truth + predicted);
    }

    /** Mean Dice over the classes not marked background, skipping NaN; NaN if none is left. */
    public double meanForegroundDice() {
        double sum = 0;
        int n = 0;
        for (ClassInfo c : classes) {
            double d = dice(c.index());
            if (c.background() || Double.isNaN(d)) continue;
            sum += d;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Dice of foreground against background, with every class not marked background merged into one
     * (e.g. nucleus and outline: the pixel F1 of "object"); NaN when neither truth nor prediction has any.
     */
    public double mergedForegroundDice() {
        long both = 0, truth = 0, predicted = 0;
        for (ClassInfo t : classes) {
            if (t.background()) continue;
            truth += matrix.truthCount(t.index());
            predicted += matrix.predictedCount(t.index());
            for (ClassInfo p : classes) if (!p.background()) both += matrix.count(t.index(), p.index());
        }
        return truth + predicted == 0 ? Double.NaN : 2.0 * both / (truth + predicted);
    }

    /** Correct pixels / counted pixels; NaN when nothing was counted. */
    public double pixelAccuracy() {
        long total = matrix.total();
        if (total == 0) return Double.NaN;
        long correct = 0;
        for (int c = 0; c < classes.length; c++) correct += matrix.count(c, c);
        return (double) correct / total;
    }

    /** One row per class: class,name,dice,truth_pixels,predicted_pixels; '.' decimals, "NaN" for no Dice. */
    public void writeCsv(Appendable out) throws IOException {
        out.append("class,name,dice,truth_pixels,predicted_pixels\n");
        for (ClassInfo c : classes) {
            int i = c.index();
            double d = dice(i);
            out.append(Integer.toString(i)).append(',').append(csvField(c.name())).append(',')
                    .append(decimal(d)).append(',')
                    .append(Long.toString(matrix.truthCount(i))).append(',')
                    .append(Long.toString(matrix.predictedCount(i))).append('\n');
        }
    }

    /** A score as the CSV files and the command line write it: six decimals with '.', or "NaN". */
    public static String decimal(double d) {
        return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%.6f", d);
    }

    /** Writes the table to {@code file} whole or not at all, creating the folder (see {@link AtomicFiles}). */
    public void writeCsv(Path file) throws IOException {
        AtomicFiles.writeText(file, w -> writeCsv(w));
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
