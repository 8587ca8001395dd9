package org.scsefiji.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.scsefiji.eval.ModelEvaluation;
import org.scsefiji.eval.ObjectScores;
import org.scsefiji.eval.SegmentationMetrics;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;
import org.scsefiji.train.data.ImagePair;
import org.scsefiji.train.data.PairFinder;

/**
 * {@code evaluate}: per-class Dice of a model on labelled images, paired as for training; for a model that
 * splits objects (post-processing "instances") and label images of object ids, also the object precision,
 * recall and F1 at IoU 0.5 and the Data Science Bowl score. Ends with the line {@code
 * mean_foreground_dice=<x>}; exit code 1 when any image could not be scored.
 */
final class EvaluateCommand implements Subcommand {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String description() {
        return "score a model on labelled images: Dice per class, and objects for models that split them";
    }

    @Override
    public String usage() {
        return ModelArgument.USAGE
                + "  --images DIR       folder of images (required)\n"
                + "  --labels DIR       folder of label images, X.tif or X_labels.tif for image X (default: --images,\n"
                + "                     with X_labels.tif next to X.tif)\n"
                + "  --csv FILE         also write the scores per class to FILE and per image to FILE_per_image.csv\n"
                + "  --tile N           tile size in pixels (default: chosen from memory)\n"
                + "  --held-out         score only the images the model held out for validation (named in the model file)\n";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Arguments a = new Arguments(args, 1, Set.of("model", "images", "labels", "csv", "device", "tile"), Set.of("held_out"));
        Path images = a.path("images");
        Path labels = a.has("labels") ? a.path("labels") : images;
        Path csv = a.has("csv") ? a.path("csv") : null;
        if (csv != null && Files.isDirectory(csv)) throw new UsageException("--csv " + csv + " is a folder; give a file name such as dice.csv");
        int tile = a.integer("tile", 0, 0, 1 << 20);
        List<ImagePair> pairs = PairFinder.find(images, labels);
        ModelEvaluation result;
        try (ScseModel model = ModelArgument.load(a, out)) {
            if (a.flag("held_out")) pairs = ModelEvaluation.heldOut(pairs, model, ModelArgument.file(a));
            result = ModelEvaluation.run(model, tile, pairs, new ImageIoReader(), ProgressListener.NONE, new CancelToken());
        }
        for (ModelEvaluation.ImageScore s : result.images()) {
            if (s.error() != null) err.println("FAILED " + s.name() + ": " + s.error());
        }
        if (csv != null) out.println("wrote " + csv + " and " + result.writeCsvFiles(csv));
        SegmentationMetrics m = result.overall();
        out.printf(Locale.ROOT, "%5s  %-20s %8s %14s %16s%n", "class", "name", "dice", "truth_pixels", "predicted_pixels");
        for (ClassInfo c : result.classes()) {
            int i = c.index();
            out.printf(Locale.ROOT, "%5d  %-20s %8s %14d %16d%n", i, c.name(), SegmentationMetrics.decimal(m.dice(i)), m.matrix().truthCount(i),
                    m.matrix().predictedCount(i));
        }
        out.println("images_scored=" + (result.images().size() - result.failures()) + " images_failed=" + result.failures());
        ObjectScores objects = result.objects();
        if (objects != null) {
            // objects: the model's instance post-processing against the label images' object ids
            out.println("true_objects=" + objects.trueObjects() + " predicted_objects=" + objects.predictedObjects()
                    + " matched_objects=" + objects.truePositives(0));
            out.println("object_precision=" + SegmentationMetrics.decimal(objects.precision()));
            out.println("object_recall=" + SegmentationMetrics.decimal(objects.recall()));
            out.println("object_f1=" + SegmentationMetrics.decimal(objects.f1()));
            out.println("dsb_score=" + SegmentationMetrics.decimal(result.meanDsbScore()));
        }
        out.println("pixel_accuracy=" + SegmentationMetrics.decimal(m.pixelAccuracy()));
        out.println("merged_foreground_dice=" + SegmentationMetrics.decimal(m.mergedForegroundDice()));
        out.println("mean_foreground_dice=" + SegmentationMetrics.decimal(m.meanForegroundDice()));
        return result.failures() == 0 ? 0 : 1;
    }
}
