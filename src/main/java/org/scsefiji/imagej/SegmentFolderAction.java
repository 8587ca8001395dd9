package org.scsefiji.imagej;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.model.ScseModel;

/**
 * Segment Folder: every matching image of a folder into TIFFs in an output folder, through {@link
 * FileSegmentation} (the engine the command line's {@code segment} uses too). Images whose label file
 * already exists are skipped unless {@code overwrite} is on (so a stopped batch continues where it
 * ended), a file that fails is logged and the batch goes on, Esc stops after the current image.
 */
public final class SegmentFolderAction {
    public static final String TITLE = "Segment Folder";

    public static final List<Option> OPTIONS = List.of(SegmentImageAction.MODEL, SegmentImageAction.DEVICE,
            SegmentImageAction.TILE_SIZE,
            Option.folder("input_directory", "folder of images to segment"),
            Option.folder("output_directory", "folder for the results"),
            Option.text("file_filter", "*.tif,*.tiff,*.png", "file name patterns, separated by commas"),
            Option.choice("overlay", "none", ImageSegmentation.OVERLAY_STYLES,
                    "class overlay on the label images, and each image saved with it"),
            SegmentImageAction.PROBABILITIES, SegmentImageAction.ATTENTION_MAPS,
            Option.bool("overwrite", false, "segment again images whose results exist"));

    private SegmentFolderAction() {
    }

    public static FileSegmentation.Summary run(OptionValues o) throws IOException {
        Path input = o.existingFolder("input_directory");
        Path output = o.path("output_directory");
        if (output == null) throw new IllegalArgumentException("output_directory is empty: choose a folder for the results");
        FileSegmentation batch = FileSegmentation.of(input, o.text("file_filter"), output);
        FileSegmentation.Options options = new FileSegmentation.Options();
        options.overlay = o.choice("overlay");
        options.probabilities = o.bool("probabilities");
        options.attentionMaps = o.bool("attention_maps");
        options.skipExisting = !o.bool("overwrite");
        options.tileSize = o.integer("tile_size");
        DeviceChoice device = DeviceChoice.parse(o.choice("device"));
        ImageJProgress progress = new ImageJProgress(TITLE);
        progress.log(batch.inputs().size() + " files in " + input.toAbsolutePath().normalize() + " match '" + o.text("file_filter")
                + "'; results go to " + batch.output());
        FileSegmentation.Summary summary;
        try (EscapeCancel cancel = EscapeCancel.start();
                ScseModel model = InstalledModels.load(InstalledModels.resolve(o.text("model")), device, TITLE)) {
            summary = batch.run(model, options, new FileSegmentation.Listener() {
                @Override
                public void failed(Path file, String problem) {
                    progress.log("FAILED " + file + ": " + problem);
                }
            }, progress, cancel.token());
        }
        if (summary.cancelled) {
            progress.log("cancelled: " + summary);
        } else {
            progress.log(summary.toString());
            progress.done(summary.toString());
        }
        return summary;
    }
}
