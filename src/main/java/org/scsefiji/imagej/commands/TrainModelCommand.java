package org.scsefiji.imagej.commands;

import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;

/** Plugins &gt; scSE &gt; Train Model: a new network from a folder of images and label images. */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Train Model")
public class TrainModelCommand extends TrainingCommand {
    @Parameter(label = "Training images folder", style = "directory", required = false, persist = false)
    public File input_directory;

    @Parameter(label = "Label images folder (empty = same, X_labels.tif)", style = "directory", required = false, persist = false)
    public File labels_directory;

    @Parameter(label = "Save as (model name or file)", persist = false)
    public String save_as = "";

    @Parameter(label = "Architecture", choices = {"unet", "sdnet", "fcdensenet", "relaynet", "focusnetpp"})
    public String architecture = "unet";

    @Parameter(label = "SE block", choices = {"none", "cse", "sse", "scse"})
    public String se_block = "scse";

    @Parameter(label = "scSE aggregation", choices = {"max", "add", "multiply", "concat"})
    public String aggregation = "max";

    @Parameter(label = "SE positions (P1..P6)")
    public String positions = "P5";

    @Parameter(label = "Reduction ratio", min = "1", max = "1024")
    public int reduction = 2;

    @Parameter(label = "Features per block", min = "4", max = "4096")
    public int features = 64;

    @Parameter(label = "Classes (0 = largest label + 1)", min = "0", max = "254")
    public int classes = 0;

    @Parameter(label = "Class names (comma-separated)", required = false)
    public String class_names = "";

    @Parameter(label = "Epochs", min = "1", max = "100000")
    public int epochs = 30;

    @Parameter(label = "Batch size", min = "1", max = "4096")
    public int batch_size = 4;

    @Parameter(label = "Learning rate", min = "1e-8", max = "10")
    public double learning_rate = 0.01;

    @Parameter(label = "Validation fraction", min = "0", max = "0.9")
    public double validation_fraction = 0.2;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"})
    public String device = "auto";

    @Parameter(label = "Overwrite existing model")
    public boolean overwrite = false;

    @Parameter(label = "More options (key=value)", required = false)
    public String training_options = "";

    @Override
    protected Operation operation() {
        return Operations.TRAIN;
    }
}
