package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.imagej.TestFixtures;

/**
 * Export to BioImage Model Zoo from a macro line writes the package, never over an existing file without overwrite,
 * and Segment Image takes the package in place of the model: exported in whole-slice mode it gives the model's labels.
 */
class ExportModelCommandTest {
    @RegisterExtension
    static final FijiCommands fiji = new FijiCommands();
    @TempDir
    static Path dir;

    @Test
    void exportThenSegmentWithThePackage() throws Exception {
        Path zip = dir.resolve("tiny package.zip");
        String line = "model=tiny device=cpu output_file=[" + zip + "] whole_slice=true authors=[A. Person, B. Person]";
        ExportModelCommand export = fiji.run(ExportModelCommand.class, line, null);
        assertNull(export.failure());
        assertNotNull(export.result);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertNotNull(z.getEntry("rdf.yaml"));
            assertNotNull(z.getEntry("weights.onnx"));
        }
        long written = Files.getLastModifiedTime(zip).toMillis();

        ExportModelCommand again = fiji.run(ExportModelCommand.class, line, null);
        assertTrue(again.isCanceled(), "a second export over the file without overwrite");
        assertTrue(again.failure().contains("output_file") && again.failure().contains("overwrite"), again.failure());
        assertEquals(written, Files.getLastModifiedTime(zip).toMillis(), "the package is left as it was");

        ImagePlus imp = TestFixtures.image("cells.tif", 45, 38, 1);
        SegmentImageCommand own = fiji.run(SegmentImageCommand.class, "model=tiny device=cpu overlay=none", imp);
        SegmentImageCommand imported = fiji.run(SegmentImageCommand.class, "model=[" + zip + "] device=cpu overlay=none", imp);
        assertNull(own.failure());
        assertNull(imported.failure());
        ModelInfoCommand info = fiji.run(ModelInfoCommand.class, "model=[" + zip + "]", null);
        assertNull(info.failure());
        assertTrue(info.description.contains("bioimage.io package") && info.description.contains("ONNX"), info.description);
        for (int i = 0; i < 45 * 38; i++) {
            assertEquals(own.labels.getProcessor().get(i), imported.labels.getProcessor().get(i), "label of pixel " + i);
        }
    }
}
