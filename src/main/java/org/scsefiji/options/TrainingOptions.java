package org.scsefiji.options;

import static org.scsefiji.options.Option.bool;
import static org.scsefiji.options.Option.choice;
import static org.scsefiji.options.Option.folder;
import static org.scsefiji.options.Option.integer;
import static org.scsefiji.options.Option.keysOf;
import static org.scsefiji.options.Option.number;
import static org.scsefiji.options.Option.text;

import java.util.List;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.model.Normalization;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SkipMode;
import org.scsefiji.train.TrainingConfig;
import org.scsefiji.train.data.Augmentation;

/**
 * Every option of a training run, one line each: {@link org.scsefiji.train.TrainingConfig} reads and
 * checks them, the command line's {@code train} takes them all as flags, and Fiji's Train Model and
 * Fine-tune Model show a selection as fields ({@link Operations#TRAIN}) and take the rest through
 * {@code training_options}. An empty default means the program chooses (the help says how; see
 * TrainingConfig for the rules that depend on the architecture or on fine-tuning).
 */
public final class TrainingOptions {
    private TrainingOptions() {
    }

    /** Shared with segmentation and evaluation. */
    static final Option DEVICE = choice("device", DeviceChoice.AUTO, "auto = a GPU when PyTorch sees one, else the CPU; or cpu, gpu");

    public static final List<Option> ALL = List.of(
            // data
            folder("input_directory", "folder of training images").required().aliases("images"),
            folder("labels_directory", "folder of label images; empty = input_directory (X.tif pairs with X_labels.tif)").aliases("labels"),
            folder("validation_images", "folder of validation images; empty = split the training folder"),
            folder("validation_labels", "folder of validation label images; empty = the validation_images folder"),
            text("validation_group", "", "comma-separated name prefixes whose images validate, e.g. subject05"),
            number("validation_fraction", 0.2, 0, 0.9, "fraction of the image files that validate when no group or folder is given; 0 = no validation"),
            bool("instance_labels", false, "labels hold object ids (0 = background): train objects (every id > 0) against background"),
            bool("object_outlines", false, "with instance_labels: a third class, the outline of every object, so that touching objects stay apart"),
            bool("object_cores", false, "with object_outlines: a fourth class, the core of every object (its inner pixels at least half"
                    + " its largest depth from its edge), which seeds one object each, also where touching objects show no gap"),
            // files
            text("save_as", "", "the model file to write (the best model); in Fiji also a plain name, saved in Fiji's models folder")
                    .required().aliases("output", "out"),
            Option.file("checkpoint", "checkpoint file written every epoch; empty = <save_as>-checkpoint.scse"),
            bool("resume", false, "continue from the checkpoint if it exists"),
            bool("keep_checkpoint", false, "keep the checkpoint file after training finished"),
            bool("overwrite", false, "replace an existing model file"),
            Option.model("model to fine-tune (installed name or model file; its network, weights and normalisation are kept); empty = a new network")
                    .aliases("from"),
            bool("freeze_encoder", false, "fine-tuning: train only the decoder and classifier"),
            integer("classes", 0, 0, 254, "number of classes; 0 = the model's (fine-tuning), else the largest label id + 1"),
            text("class_names", "", "comma-separated class names, class 0 first (class 0 counts as background); "
                    + "default: the model's, the retinal layers for a 10-class relaynet, else background, class 1, ..."),
            // network (new models)
            choice("architecture", Architecture.UNET, "network: " + String.join(", ", keysOf(Architecture.class))).aliases("arch"),
            choice("se_block", SeBlockType.SCSE, "squeeze-and-excitation block: none, cse, sse or scse").aliases("se"),
            choice("aggregation", Aggregation.MAX, "how scSE joins cSE and sSE: max, add, multiply or concat"),
            text("positions", "P5", "SE positions P1..P6, several separated by commas"),
            integer("reduction", 2, 1, 1024, "cSE reduction ratio"),
            choice("skip", SkipMode.RECALIBRATED, "recalibrated or uncalibrated skip connections"),
            integer("features", 64, 4, 4096, "feature maps per block"),
            choice("normalization", Normalization.Mode.MIN_MAX,
                    "min_max, percentile, mean_std, fixed or none (statistics of each whole 2-D slice)"),
            number("normalization_low", 0, -1e30, 1e30, "percentile: low percentile (default 1); fixed: value mapped to 0")
                    .withDefault("", "percentile: low percentile (default 1); fixed: value mapped to 0"),
            number("normalization_high", 1, -1e30, 1e30, "")
                    .withDefault("", "percentile: high percentile (default 99.8); fixed: value mapped to 1"),
            number("pixel_width", 0, 0, 1e6, "micrometres per pixel across (x) of the training images, recorded in the model so"
                    + " that segmentation resamples images of other pixel sizes to it; 0 = not recorded. New models only: a fine-tuned"
                    + " model keeps its parent's"),
            number("pixel_depth", 0, 0, 1e6, "micrometres per pixel in depth (y) of the training images; give both or neither"),
            choice("postprocessing", "auto", List.of("auto", "none", "retina_anatomy", "instances"),
                    "what a new model declares after the network (a fine-tuned model keeps its parent's unless its classes change): auto = instances for instance_labels with object_outlines"
                    + " (seeded by the cores with object_cores),"
                    + " retina_anatomy for a 10-class relaynet with the retinal layer classes, else none"),
            // optimisation
            integer("epochs", 1, 1, 100000, "").withDefault("", "maximum number of epochs; default 30, fine-tuning 10"),
            integer("batch_size", 4, 1, 4096, "patches per step"),
            choice("optimizer", TrainingConfig.OptimizerChoice.SGD, "sgd or adam"),
            number("learning_rate", 0.01, 1e-8, 10, "").withDefault("", "initial learning rate; default 0.01, fine-tuning 0.001"),
            integer("lr_step", 10, 0, 100000, "epochs between learning-rate drops; 0 = constant"),
            number("lr_factor", 0.1, 1e-6, 1, "learning-rate multiplier at each drop"),
            number("momentum", 0.95, 0, 0.9999, "SGD momentum"),
            number("weight_decay", 0.0001, 0, 1, "L2 weight decay"),
            integer("patience", 10, 0, 100000, "stop after this many epochs without validation improvement; 0 = never stop early"),
            choice("monitor", TrainingConfig.Monitor.LOSS, "loss (lowest validation loss) or dice (highest mean foreground validation Dice)"),
            // sampling and loss
            integer("patch_width", 0, 0, 65536, "").withDefault("", "patch width in pixels; 0 = whole width; default 64 for relaynet (strips), else 256"),
            integer("patch_height", 0, 0, 65536, "").withDefault("", "patch height in pixels; 0 = whole height; default 0 for relaynet, else 256"),
            bool("flip", true, "mirror patches left-right at random"),
            choice("augmentation", Augmentation.Mode.FULL, "random changes of training patches: full (geometry and intensity), geometry, intensity or none"),
            text("scale_across", "", "augmentation: zoom range across, min,max (drawn log-uniformly; > 1 = finer pixels); default 0.5,4 for relaynet, else 0.75,1.33"),
            text("scale_depth", "", "augmentation: zoom range in depth (y), min,max, or same (the zoom across, an isotropic zoom); default 0.6,2 for relaynet, else 0.75,1.33"),
            number("rotation", 0, 0, 360, "").withDefault("", "augmentation: largest rotation in degrees; default 10 for relaynet, else 180"),
            number("shift_depth", 0, 0, 1, "").withDefault("", "augmentation: largest shift in depth, a fraction of the image height; default 0.2 for relaynet, else 0"),
            text("gamma", "0.6,1.7", "augmentation: gamma range, min,max (log-uniform), used on half of the patches"),
            number("contrast", 0.3, 0, 100, "augmentation: largest relative contrast change, on half of the patches"),
            number("brightness", 0.1, 0, 100, "augmentation: largest brightness change (fraction of the patch's range), with the contrast change"),
            number("noise", 0.1, 0, 100, "augmentation: largest speckle (relative) and additive noise (fraction of range) standard deviation, each on half of the patches"),
            number("blur", 1, 0, 1000, "augmentation: largest Gaussian blur sigma in pixels, on half of the patches"),
            choice("loss", "", keysOf(TrainingConfig.LossChoice.class), "ce_dice, hybrid_log, ce or dice; default hybrid_log for focusnetpp, else ce_dice"),
            choice("class_weights", "", keysOf(TrainingConfig.ClassWeighting.class),
                    "median_frequency or none; default median_frequency for ce and ce_dice, else none"),
            number("logit_adjustment", 0.5, 0, 1, "new models trained with class weights w: the model adds -tau ln w to its logits at inference,"
                    + " so rare classes are not over-called (0 = off, 1 = the weighting undone fully)"),
            choice("weight_map", "", keysOf(TrainingConfig.WeightMapChoice.class), "boundary (ReLayNet's: label boundaries and foreground), contacts (U-Net's: where two objects"
                    + " touch; instance_labels only), objects (small objects and the background around them weigh up to"
                    + " the training objects' typical area / their area; instance_labels only) or none; default boundary for relaynet, else none"),
            number("boundary_weight", 10, 0, 1e6, "weight map: extra weight w1 of pixels on a label boundary (contacts: w0, of pixels where two"
                    + " objects meet; objects: the largest weight, of the smallest objects)"),
            number("foreground_weight", 5, 0, 1e6, "weight map: extra weight w2 of pixels of non-background classes"),
            // run
            integer("seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE, "random seed: weights, split, patches (CPU runs are repeatable)"),
            number("cache_mb", 1024, 1, 1e9, "memory for images during training, in MB; larger data sets are streamed from disk"),
            DEVICE);

    /** Every training option, as the command line's {@code train} takes them. */
    public static final Operation OPERATION = new Operation("train", "Train", ALL);
}
