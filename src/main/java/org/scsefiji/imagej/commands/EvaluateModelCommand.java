package org.scsefiji.imagej.commands;

import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.eval.ModelEvaluation;
import org.scsefiji.imagej.EvaluateModelAction;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/** Plugins &gt; scSE &gt; Evaluate Model: per-class Dice of a model on a folder of labelled images, into a CSV file. */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Evaluate Model")
public class EvaluateModelCommand extends ScseCommand {
    @Parameter(label = "Model", initializer = "initModel", description = "installed model name, or the path of a model file")
    public String model = "";

    @Parameter(label = "Images folder", style = "directory", required = false, persist = false)
    public File input_directory;

    @Parameter(label = "Label images folder (empty = same, X_labels.tif)", style = "directory", required = false, persist = false)
    public File labels_directory;

    @Parameter(label = "CSV file (empty = only the Log)", style = "save", required = false, persist = false)
    public File output_file;

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"})
    public String device = "auto";

    @Parameter(label = "Tile size (pixels, 0 = automatic)", min = "0", max = "32768")
    public int tile_size = 0;

    @Parameter(label = "Only the images the model held out for validation", required = false)
    public boolean held_out = false;

    @Parameter(label = "Post-processing", choices = {"model", "none", "retina_anatomy"})
    public String postprocessing = "model";

    @Parameter(label = "Average with the mirrored image")
    public boolean flip_average = false;

    @Parameter(label = "Average with the upside-down image (all four flips with the mirrored)")
    public boolean flip_vertical = false;

    /** The last run's scores (not a parameter). */
    public ModelEvaluation evaluation;

    @Override
    protected Operation operation() {
        return Operations.EVALUATE;
    }

    @Override
    protected void execute(Settings settings) throws Exception {
        evaluation = null;
        evaluation = EvaluateModelAction.run(settings);
    }
}
