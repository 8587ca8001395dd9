package org.scsefiji.imagej.commands;

import ij.ImagePlus;
import ij.WindowManager;
import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.imagej.LayerMeasurementAction;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;
import org.scsefiji.task.CancelToken;

/** Plugins &gt; scSE &gt; Measure OCT Layers: thickness tables, profile plot, thickness maps with the ETDRS grid. */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Measure OCT Layers")
public class MeasureLayersCommand extends ScseCommand {
    @Parameter(label = "Label image or folder (empty = the active image)", style = "both", required = false, persist = false)
    public File labels_directory;

    @Parameter(label = "Heidelberg .vol file or folder (optional)", style = "both", required = false, persist = false)
    public File image;

    @Parameter(label = "Eye (when no .vol file says it)", choices = {"unknown", "OD", "OS"})
    public String eye = "unknown";

    @Parameter(label = "ETDRS centre X,Y in mm (empty = thinnest retina)", required = false)
    public String fovea = "";

    @Parameter(label = "Output folder (empty = no files)", style = "directory", required = false, persist = false)
    public File output_directory;

    @Parameter(label = "Thickness profile plot")
    public boolean plot = true;

    @Parameter(label = "Thickness maps with ETDRS grid")
    public boolean maps = true;

    /** What the last run showed (not a parameter). */
    public LayerMeasurementAction.Shown shown;

    @Override
    protected Operation operation() {
        return Operations.MEASURE_LAYERS;
    }

    @Override
    protected void execute(Settings settings) throws Exception {
        shown = null;
        ImagePlus active = WindowManager.getCurrentImage();
        shown = LayerMeasurementAction.run(settings, active, new CancelToken());
    }
}
