package org.scsefiji.imagej;

import org.scsefiji.batch.FolderBatch;
import java.io.IOException;
import java.nio.file.Path;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/**
 * Segment Folder: every matching image of a folder into TIFFs in an output folder, through {@link
 * FolderBatch} and {@link FileSegmentation} (the engine the command line's {@code segment} uses too). Images whose label file
 * already exists are skipped unless {@code overwrite} is on (so a stopped batch continues where it
 * ended), a file that fails is logged and the batch goes on, Esc stops after the current image.
 */
public final class SegmentFolderAction {
    public static final String TITLE = Operations.SEGMENT_FOLDER.title();

    private SegmentFolderAction() {
    }

    public static FolderBatch.Summary run(Settings o) throws IOException {
        Path input = o.existingFolder("input_directory");
        FolderBatch batch = FolderBatch.of(o);
        FileSegmentation.Options options = FileSegmentation.options(o);
        DeviceChoice device = DeviceChoice.parse(o.choice("device"));
        ImageJProgress progress = new ImageJProgress(TITLE);
        progress.log(batch.inputs().size() + " files in " + input.toAbsolutePath().normalize() + " match '" + o.text("file_filter")
                + "'; results go to " + batch.output());
        FolderBatch.Summary summary;
        try (EscapeCancel cancel = EscapeCancel.start();
                ScseModel model = InstalledModels.load(InstalledModels.resolve(o.text("model")), device, TITLE)) {
            summary = FileSegmentation.run(batch, model, options, new FileSegmentation.Listener() {
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
