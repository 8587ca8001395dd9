package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.imagej.ClassProperties;
import org.scsefiji.imagej.OverlayCheck;
import org.scsefiji.imagej.TestFixtures;

class SegmentFolderCommandTest {
    @RegisterExtension
    static final FijiCommands fiji = new FijiCommands();
    @TempDir
    static Path dir;

    @Test
    void segmentsEveryImageLogsTheBrokenOneAndSkipsDoneOnes() throws Exception {
        Path in = Files.createDirectories(dir.resolve("raw images")), out = dir.resolve("results");
        IJ.save(TestFixtures.image("a", 40, 36, 1), in.resolve("a.tif").toString());
        new FileSaver(TestFixtures.image("b", 33, 30, 2)).saveAsPng(in.resolve("b.png").toString());
        TestFixtures.truncatedTiff(in.resolve("broken.tif"));
        Files.writeString(in.resolve("notes.txt"), "not an image");
        String line = "model=tiny device=cpu tile_size=0 input_directory=[" + in + "] output_directory=[" + out
                + "] file_filter=[*.tif,*.png] overlay=outline probabilities=true attention_maps=false overwrite=false";

        SegmentFolderCommand cmd = fiji.run(SegmentFolderCommand.class, line, null);
        assertNull(cmd.failure());
        assertEquals(2, cmd.summary.processed);
        assertEquals(0, cmd.summary.skipped);
        assertEquals(1, cmd.summary.failures.size());
        assertTrue(cmd.summary.failures.get(0).startsWith("broken.tif: "), cmd.summary.failures.get(0));
        assertTrue(cmd.summary.failures.get(0).contains("cut short"), cmd.summary.failures.get(0));
        for (String name : new String[] {"a", "b"}) {
            ImagePlus labels = IJ.openImage(out.resolve(name + "_labels.tif").toString());
            assertEquals(TestFixtures.CLASSES, ClassProperties.read(labels).orElseThrow());
            ImagePlus image = IJ.openImage(out.resolve(name + "_overlay.tif").toString());
            assertEquals(labels.getWidth(), image.getWidth());
            OverlayCheck.matchesLabels(image.getOverlay(), labels.getProcessor());
            OverlayCheck.matchesLabels(labels.getOverlay(), labels.getProcessor()); // the label TIFF carries the overlay too
            assertEquals(3, IJ.openImage(out.resolve(name + "_probabilities.tif").toString()).getStackSize());
        }
        assertFalse(Files.exists(out.resolve("broken_labels.tif")));
        assertFalse(Files.exists(out.resolve("notes_labels.tif")));

        SegmentFolderCommand again = fiji.run(SegmentFolderCommand.class, line, null);
        assertEquals(0, again.summary.processed);
        assertEquals(2, again.summary.skipped);
        assertEquals(1, again.summary.failures.size());
    }

    @Test
    void refusesToWriteIntoTheInputFolder() throws Exception {
        Path in = Files.createDirectories(dir.resolve("same"));
        SegmentFolderCommand cmd = fiji.run(SegmentFolderCommand.class, "model=tiny device=cpu tile_size=0 input_directory=["
                + in + "] output_directory=[" + in + "] file_filter=*.tif overlay=none probabilities=false attention_maps=false overwrite=false", null);
        assertTrue(cmd.failure().startsWith("The output folder must differ from the input folder (" + in.toAbsolutePath().normalize()),
                cmd.failure());
        cmd = fiji.run(SegmentFolderCommand.class, "model=tiny input_directory=[" + dir.resolve("missing") + "] output_directory=["
                + in + "]", null);
        assertTrue(cmd.failure().endsWith("missing does not exist or is not a folder"), cmd.failure());
    }
}
