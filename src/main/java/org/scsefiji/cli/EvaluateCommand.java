package org.scsefiji.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scsefiji.eval.ModelEvaluation;
import org.scsefiji.imagej.FileSegmentation;
import org.scsefiji.train.data.LabelMode;
import org.scsefiji.eval.ObjectScores;
import org.scsefiji.eval.SegmentationMetrics;
import org.scsefiji.imagej.ImageJImageReader;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;
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
        return Flags.usage(Operations.EVALUATE);
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Settings o = Settings.of(Operations.EVALUATE, Flags.parse(Operations.EVALUATE, args, 1));
        Path images = o.path("input_directory");
        Path labels = o.isBlank("labels_directory") ? images : o.path("labels_directory");
        Path csv = o.path("output_file");
        if (csv != null && Files.isDirectory(csv)) throw new UsageException("--output-file " + csv + " is a folder; give a file name such as dice.csv");
        List<ImagePair> pairs = PairFinder.find(images, labels);
        ModelEvaluation result;
        try (ScseModel model = ModelArgument.load(o.text("model"), o.choice("device"), out)) {
            if (o.bool("held_out")) pairs = ModelEvaluation.heldOut(pairs, model, ModelArgument.file(o.text("model")));
            FileSegmentation.Options options = FileSegmentation.withPipelineOptions(o, new FileSegmentation.Options());
            options.tileSize = o.integer("tile_size");
            if (model.spec().inputChannels() != 1) throw new UsageException("This model expects " + model.spec().inputChannels()
                    + " channels; evaluation reads one-channel images");
            result = ModelEvaluation.run(FileSegmentation.pipeline(model, options), model.spec().classes(), LabelMode.of(model.provenance()),
                    pairs, new ImageJImageReader(), ProgressListener.NONE, new CancelToken());
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
