package org.scsefiji.imagej.commands;

import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;

/** Plugins &gt; scSE &gt; Fine-tune Model: continue training a model on new images (optionally new classes). */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Fine-tune Model")
public class FineTuneModelCommand extends TrainingCommand {
    @Parameter(label = "Model to start from", initializer = "initModel", description = "installed model name, or the path of a model file")
    public String model = "";

    @Parameter(label = "Training images folder", style = "directory", required = false, persist = false)
    public File input_directory;

    @Parameter(label = "Label images folder (empty = same, X_labels.tif)", style = "directory", required = false, persist = false)
    public File labels_directory;

    @Parameter(label = "Save as (model name or file)", persist = false)
    public String save_as = "";

    @Parameter(label = "Classes (0 = the model's)", min = "0", max = "254")
    public int classes = 0;

    @Parameter(label = "Class names (comma-separated)", required = false)
    public String class_names = "";

    @Parameter(label = "Freeze encoder")
    public boolean freeze_encoder = false;

    @Parameter(label = "Epochs", min = "1", max = "100000")
    public int epochs = 10;

    @Parameter(label = "Batch size", min = "1", max = "4096")
    public int batch_size = 4;

    @Parameter(label = "Learning rate", min = "1e-8", max = "10")
    public double learning_rate = 0.001;

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
        return Operations.FINE_TUNE;
    }
}
