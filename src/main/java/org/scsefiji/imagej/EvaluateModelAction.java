package org.scsefiji.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.eval.ModelEvaluation;
import org.scsefiji.eval.ObjectScores;
import org.scsefiji.eval.SegmentationMetrics;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.train.data.LabelMode;
import org.scsefiji.options.Settings;
import org.scsefiji.train.data.ImagePair;
import org.scsefiji.train.data.PairFinder;

/**
 * Evaluate Model: segments every labelled image of a folder and writes per-class Dice to a CSV file
 * (class,name,dice,truth_pixels,predicted_pixels), plus one row per image to NAME_per_image.csv. For a model that
 * splits objects and label images of object ids, the Log also gives object precision, recall and F1 at IoU 0.5 and
 * the Data Science Bowl score (also in NAME_per_image.csv).
 */
public final class EvaluateModelAction {
    public static final String TITLE = Operations.EVALUATE.title();
    private EvaluateModelAction() {
    }

    public static ModelEvaluation run(Settings o) throws IOException {
        Path images = o.existingFolder("input_directory");
        Path labels = o.isBlank("labels_directory") ? images : o.existingFolder("labels_directory");
        Path csv = o.path("output_file");
        if (csv != null && Files.isDirectory(csv)) throw new IllegalArgumentException("output_file: " + csv + " is a folder; give a file name such as dice.csv");
        DeviceChoice device = DeviceChoice.parse(o.choice("device"));
        int tileSize = o.integer("tile_size");
        List<ImagePair> pairs = PairFinder.find(images, labels);
        ImageJProgress progress = new ImageJProgress(TITLE);
        Path modelFile = InstalledModels.resolve(o.text("model"));
        try (EscapeCancel cancel = EscapeCancel.start();
                ScseModel model = InstalledModels.load(modelFile, device, TITLE)) {
            if (o.bool("held_out")) pairs = ModelEvaluation.heldOut(pairs, model, modelFile);
            FileSegmentation.Options options = FileSegmentation.withPipelineOptions(o, new FileSegmentation.Options());
            options.tileSize = tileSize;
            ModelEvaluation result = ModelEvaluation.run(FileSegmentation.pipeline(model, options), model.spec().classes(),
                    LabelMode.of(model.provenance()), pairs, new ImageJImageReader(), progress, cancel.token());
            Path perImage = csv == null ? null : result.writeCsvFiles(csv);
            report(progress, result, csv, perImage);
            return result;
        }
    }

    private static void report(ImageJProgress progress, ModelEvaluation result, Path csv, Path perImage) {
        SegmentationMetrics m = result.overall();
        for (ModelEvaluation.ImageScore s : result.images()) {
            if (s.error() != null) progress.log("FAILED " + s.name() + ": " + s.error());
        }
        StringBuilder dice = new StringBuilder();
        for (ClassInfo c : result.classes()) {
            dice.append(dice.length() == 0 ? "" : ", ").append(c.name()).append(' ').append(format(m.dice(c.index())));
        }
        progress.log((result.images().size() - result.failures()) + " of " + result.images().size() + " images scored; mean foreground Dice "
                + format(m.meanForegroundDice()) + ", pixel accuracy " + format(m.pixelAccuracy()));
        progress.log("Dice per class: " + dice);
        ObjectScores objects = result.objects();
        if (objects != null) {
            // the model's object splitting against the label images' object ids (the command line's object_* lines)
            progress.log("objects at IoU 0.5: precision " + format(objects.precision()) + ", recall " + format(objects.recall()) + ", F1 "
                    + format(objects.f1()) + " (" + objects.truePositives(0) + " matched of " + objects.trueObjects() + " true and "
                    + objects.predictedObjects() + " predicted); DSB score " + format(result.meanDsbScore())
                    + "; pixel Dice of the foreground (all object classes as one) " + format(m.mergedForegroundDice()));
        }
        if (csv != null) progress.log("wrote " + csv + " and " + perImage);
        progress.done("mean foreground Dice " + format(m.meanForegroundDice()));
    }

    private static String format(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.4f", d);
    }
}
