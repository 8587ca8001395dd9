package org.scsefiji.imagej.commands;

import org.scsefiji.batch.FolderBatch;
import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.imagej.SegmentFolderAction;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/** Plugins &gt; scSE &gt; Segment Folder: every image of a folder into label TIFFs; skips done ones, logs failures. */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Segment Folder")
public class SegmentFolderCommand extends ScseCommand {
    @Parameter(label = "Model", initializer = "initModel", description = "installed model name, or the path of a model file")
    public String model = "";

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"})
    public String device = "auto";

    @Parameter(label = "Tile size (pixels, 0 = automatic)", min = "0", max = "32768")
    public int tile_size = 0;

    @Parameter(label = "Tiles per pass (0 = as memory allows)", min = "0", max = "4096")
    public int tile_batch = 0;

    @Parameter(label = "Input folder", style = "directory", required = false, persist = false)
    public File input_directory;

    @Parameter(label = "Output folder", style = "directory", required = false, persist = false)
    public File output_directory;

    @Parameter(label = "File name patterns", description = "separated by commas, e.g. *.tif,*.png")
    public String file_filter = Operations.IMAGE_PATTERNS;

    @Parameter(label = "Class overlay (on labels and a copy of each image)", choices = {"outline", "fill", "none"})
    public String overlay = "outline";

    @Parameter(label = "Objects (instances, objects table, summary)", description = "for models that split objects, e.g. nuclei")
    public boolean instances = false;

    @Parameter(label = "Probability maps")
    public boolean probabilities = false;

    @Parameter(label = "Attention maps (sSE)")
    public boolean attention_maps = false;

    @Parameter(label = "Redo images already segmented")
    public boolean overwrite = false;

    @Parameter(label = "Pixel width (um, 0 = calibration)", min = "0", max = "1000000")
    public double pixel_width = 0;

    @Parameter(label = "Pixel depth (um, 0 = calibration)", min = "0", max = "1000000")
    public double pixel_depth = 0;

    @Parameter(label = "Object diameter (pixels, 0 = as trained)", min = "0", max = "100000")
    public double object_diameter = 0;

    @Parameter(label = "Post-processing", choices = {"model", "none", "retina_anatomy"})
    public String postprocessing = "model";

    @Parameter(label = "Average with the mirrored image")
    public boolean flip_average = false;

    @Parameter(label = "Average with the upside-down image (all four flips with the mirrored)")
    public boolean flip_vertical = false;

    /** What the last run did (not a parameter). */
    public FolderBatch.Summary summary;

    @Override
    protected Operation operation() {
        return Operations.SEGMENT_FOLDER;
    }

    @Override
    protected void execute(Settings settings) throws Exception {
        summary = null;
        summary = SegmentFolderAction.run(settings);
    }
}
