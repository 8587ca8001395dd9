package org.scsefiji.imagej.commands;

import ij.ImagePlus;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.imagej.ImageSegmentation;
import org.scsefiji.imagej.SegmentImageAction;

/** Plugins &gt; scSE &gt; Segment Image: the active image; label image, class overlay, optional maps. */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Segment Image")
public class SegmentImageCommand extends ScseCommand {
    @Parameter(label = "Image")
    public ImagePlus imp;

    @Parameter(label = "Model", initializer = "initModel", description = "installed model name, or the path of a model file")
    public String model = "";

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"})
    public String device = "auto";

    @Parameter(label = "Tile size (pixels, 0 = automatic)", min = "0")
    public int tile_size = 0;

    @Parameter(label = "Show label image")
    public boolean label_image = true;

    @Parameter(label = "Class overlay", choices = {"outline", "fill", "none"})
    public String overlay = "outline";

    @Parameter(label = "Add classes to ROI Manager")
    public boolean roi_manager = false;

    @Parameter(label = "Probability maps")
    public boolean probabilities = false;

    @Parameter(label = "Attention maps (sSE)")
    public boolean attention_maps = false;

    @Parameter(type = ItemIO.OUTPUT, label = "Labels")
    public ImagePlus labels;

    @Parameter(type = ItemIO.OUTPUT, label = "Probabilities")
    public ImagePlus probability_maps;

    @Parameter(type = ItemIO.OUTPUT, label = "Attention")
    public ImagePlus attention;

    @Override
    public void run() {
        labels = probability_maps = attention = null;
        report(SegmentImageAction.TITLE, () -> {
            ImageSegmentation s = SegmentImageAction.run(options(SegmentImageAction.OPTIONS), imp);
            labels = label_image ? s.labels() : null;
            probability_maps = s.probabilities();
            attention = s.attention();
        });
    }
}
