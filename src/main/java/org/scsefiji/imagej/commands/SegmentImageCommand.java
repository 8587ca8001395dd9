package org.scsefiji.imagej.commands;

import ij.IJ;
import ij.ImagePlus;
import java.awt.GraphicsEnvironment;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.imagej.ImageSegmentation;
import org.scsefiji.imagej.SegmentImageAction;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/**
 * Plugins &gt; scSE &gt; Segment Image: the active image; label image, class overlay, optional maps; for a model that
 * splits objects the instance image, ROIs and tables too.
 */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Segment Image")
public class SegmentImageCommand extends ScseCommand {
    @Parameter(label = "Image")
    public ImagePlus imp;

    @Parameter(label = "Model", initializer = "initModel", description = "installed model name, or the path of a model file")
    public String model = "";

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"})
    public String device = "auto";

    @Parameter(label = "Tile size (pixels, 0 = automatic)", min = "0", max = "32768")
    public int tile_size = 0;

    @Parameter(label = "Show label image")
    public boolean label_image = true;

    @Parameter(label = "Class overlay", choices = {"outline", "fill", "none"})
    public String overlay = "outline";

    @Parameter(label = "Add classes to ROI Manager")
    public boolean roi_manager = false;

    @Parameter(label = "Objects (instance image, ROI Manager, tables)", description = "for models that split objects, e.g. nuclei")
    public boolean instances = true;

    @Parameter(label = "Probability maps")
    public boolean probabilities = false;

    @Parameter(label = "Attention maps (sSE)")
    public boolean attention_maps = false;

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

    @Parameter(type = ItemIO.OUTPUT, label = "Instances")
    public ImagePlus instance_labels;

    @Parameter(type = ItemIO.OUTPUT, label = "Labels")
    public ImagePlus labels;

    @Parameter(type = ItemIO.OUTPUT, label = "Probabilities")
    public ImagePlus probability_maps;

    @Parameter(type = ItemIO.OUTPUT, label = "Attention")
    public ImagePlus attention;

    @Override
    protected Operation operation() {
        return Operations.SEGMENT;
    }

    @Override
    protected void execute(Settings settings) throws Exception {
        instance_labels = labels = probability_maps = attention = null;
        ImageSegmentation s = SegmentImageAction.run(settings, imp);
        instance_labels = s.instanceImage();
        labels = settings.bool("label_image") ? s.labels() : null;
        probability_maps = s.probabilities();
        attention = s.attention();
        // Headless Fiji does not turn ImagePlus outputs into ImageJ images (it prints them): show them
        // here, so that the macro finds them (selectImage, saveAs) as it does with a display.
        if (GraphicsEnvironment.isHeadless() && IJ.isMacro()) {
            for (ImagePlus result : new ImagePlus[] {instance_labels, labels, probability_maps, attention}) {
                if (result != null) result.show();
            }
        }
    }
}
