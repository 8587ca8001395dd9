package org.scsefiji.imagej.commands;

import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.imagej.SegmentFolderAction;

/** Plugins &gt; scSE &gt; Segment Folder: every image of a folder into label TIFFs; skips done ones, logs failures. */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Segment Folder")
public class SegmentFolderCommand extends ScseCommand {
    @Parameter(label = "Model", initializer = "initModel", description = "installed model name, or the path of a model file")
    public String model = "";

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"})
    public String device = "auto";

    @Parameter(label = "Tile size (pixels, 0 = automatic)", min = "0")
    public int tile_size = 0;

    @Parameter(label = "Input folder", style = "directory")
    public File input_directory;

    @Parameter(label = "Output folder", style = "directory")
    public File output_directory;

    @Parameter(label = "File name patterns", description = "separated by commas, e.g. *.tif,*.png")
    public String file_filter = "*.tif,*.tiff,*.png";

    @Parameter(label = "Also save image with class overlay", choices = {"none", "outline", "fill"})
    public String overlay = "none";

    @Parameter(label = "Probability maps")
    public boolean probabilities = false;

    @Parameter(label = "Attention maps (sSE)")
    public boolean attention_maps = false;

    @Parameter(label = "Redo images already segmented")
    public boolean overwrite = false;

    /** What the last run did (not a parameter). */
    public SegmentFolderAction.Summary summary;

    @Override
    public void run() {
        summary = null;
        report(SegmentFolderAction.TITLE, () -> summary = SegmentFolderAction.run(options(SegmentFolderAction.OPTIONS)));
    }
}
