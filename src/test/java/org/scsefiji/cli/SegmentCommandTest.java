package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;

/** segment over a folder mixing good images, a corrupt file and an RGB image. */
class SegmentCommandTest {
    @TempDir
    Path dir;

    @Test
    void goodFilesAreWrittenBadOnesNamedAndTheExitCodeSaysSo() throws Exception {
        Path model = dir.resolve("tiny.scse");
        NetworkSpec spec = NetworkSpec.builder().architecture(Architecture.RELAYNET).features(8)
                .classes(ClassPalettes.retinalLayers()).build();
        try (ScseModel m = ScseModel.create(spec, new Provenance(), Device.cpu())) {
            ModelFile.save(m, model);
        }
        Path in = Files.createDirectories(dir.resolve("in"));
        Random r = new Random(3);
        for (String name : new String[] {"a.tif", "b.tif"}) {
            ByteProcessor ip = new ByteProcessor(45 + r.nextInt(20), 33);
            for (int i = 0; i < ip.getPixelCount(); i++) ip.set(i, r.nextInt(256));
            new FileSaver(new ImagePlus(name, ip)).saveAsTiff(in.resolve(name).toString());
        }
        Files.write(in.resolve("broken.tif"), new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 2, 3});
        new FileSaver(new ImagePlus("colour", new ColorProcessor(20, 20))).saveAsTiff(in.resolve("colour.tif").toString());
        Files.writeString(in.resolve("notes.txt"), "not an image, left alone");
        byte[] before = Files.readAllBytes(in.resolve("a.tif"));

        Path out = dir.resolve("out");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"segment", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(),
            "--device", "cpu", "--probabilities"}, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        String stdout = o.toString(StandardCharsets.UTF_8);
        String stderr = e.toString(StandardCharsets.UTF_8);

        assertEquals(1, code, stdout + stderr);
        assertTrue(stdout.contains("written=2 skipped=0 failed=2"), stdout);
        assertTrue(stdout.contains("on CPU"), "the device used is reported: " + stdout);
        assertTrue(stderr.contains("FAILED " + in.resolve("broken.tif")), stderr);
        assertTrue(stderr.contains("FAILED " + in.resolve("colour.tif")) && stderr.contains("RGB"), stderr);
        for (String base : new String[] {"a", "b"}) {
            ImagePlus labels = IJ.openImage(out.resolve(base + "_labels.tif").toString());
            assertNotNull(labels);
            ImagePlus source = IJ.openImage(in.resolve(base + ".tif").toString());
            assertEquals(source.getWidth(), labels.getWidth());
            assertEquals(8, labels.getBitDepth());
            assertEquals("NFL", labels.getProp("class_names").split("\n")[1]);
            ImagePlus probs = IJ.openImage(out.resolve(base + "_probabilities.tif").toString());
            assertEquals(10, probs.getStackSize());
            // --overlay outline (the default): class outlines on the labels, and the image with them
            assertEquals(labels.getOverlay().size(), IJ.openImage(out.resolve(base + "_overlay.tif").toString()).getOverlay().size());
            assertTrue(labels.getOverlay().size() > 0);
        }
        assertFalse(Files.exists(out.resolve("broken_labels.tif")));
        assertArrayEquals(before, Files.readAllBytes(in.resolve("a.tif")), "inputs are never changed");

        // a second run leaves the finished files alone (--overwrite would redo them)
        o.reset();
        code = Main.run(new String[] {"segment", "--model", model.toString(), "--input", in.resolve("a.tif").toString(),
            "--output", out.toString()}, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(o.toString(StandardCharsets.UTF_8).contains("written=0 skipped=1 failed=0"), o.toString(StandardCharsets.UTF_8));
    }

    /**
     * A calibrated TIFF (2 um per pixel across) and a model trained at 4 um: the network sees half the
     * width, the labels come back at the image's size, the quality file records it; --pixel-width and
     * --pixel-depth override the calibration; the model's anatomy is measured.
     */
    @Test
    void calibratedImagesAreResampledToTheModelsPixelSize() throws Exception {
        Path model = dir.resolve("oct.scse");
        NetworkSpec spec = NetworkSpec.builder().architecture(Architecture.RELAYNET).features(8).classes(ClassPalettes.retinalLayers())
                .pixelSize(new org.scsefiji.model.PixelSize(4, 3)).postProcessing(org.scsefiji.model.RetinaAnatomy.relayNet()).build();
        try (ScseModel m = ScseModel.create(spec, new Provenance(), Device.cpu())) {
            ModelFile.save(m, model);
        }
        Path in = Files.createDirectories(dir.resolve("cal"));
        Random r = new Random(5);
        ByteProcessor ip = new ByteProcessor(64, 30);
        for (int i = 0; i < ip.getPixelCount(); i++) ip.set(i, r.nextInt(256));
        ImagePlus imp = new ImagePlus("c", ip);
        imp.getCalibration().setUnit("micron");
        imp.getCalibration().pixelWidth = 2;
        imp.getCalibration().pixelHeight = 3;
        new FileSaver(imp).saveAsTiff(in.resolve("c.tif").toString());
        for (String[] extra : new String[][] {{}, {"--pixel-width", "8", "--pixel-depth", "1.5"}}) {
            Path out = dir.resolve("out" + extra.length);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            String[] args = {"segment", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(), "--device", "cpu",
                "--overlay", "none"};
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra)).toArray(String[]::new);
            int code = Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            String stdout = o.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, stdout);
            String expected = extra.length == 0 ? "network saw 32 x 30" : "network saw 128 x 15";
            assertTrue(stdout.contains(expected) && stdout.contains("mean_confidence=") && stdout.contains("broken_columns="), stdout);
            ImagePlus labels = IJ.openImage(out.resolve("c_labels.tif").toString());
            assertEquals(64, labels.getWidth());
            assertEquals(30, labels.getHeight());
            java.util.List<String> quality = Files.readAllLines(out.resolve("c_quality.csv"));
            assertTrue(quality.get(0).startsWith("image,pixel_width,pixel_depth,network_width,network_height,mean_confidence"), quality.get(0));
            assertTrue(quality.get(1).startsWith(extra.length == 0 ? "c.tif,2,3,32,30," : "c.tif,8,1.5,128,15,"), quality.get(1));
        }
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"segment", "--model", model.toString(), "--input", in.toString(), "--output", dir.resolve("x").toString(),
            "--pixel-width", "3"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertTrue(code != 0 && e.toString(StandardCharsets.UTF_8).contains("pixel_depth"), e.toString(StandardCharsets.UTF_8));
        // an object diameter means nothing to a model that declares no training objects' size: refused by name
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        code = Main.run(new String[] {"segment", "--model", model.toString(), "--input", in.toString(), "--output", dir.resolve("y").toString(),
            "--object-diameter", "30"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(d, true, StandardCharsets.UTF_8));
        assertTrue(code != 0 && d.toString(StandardCharsets.UTF_8).contains("object_diameter"), d.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("y").resolve("c_labels.tif")));
    }
}
