package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.imagej.ClassOverlay;
import org.scsefiji.imagej.ClassProperties;
import org.scsefiji.imagej.ImageFiles;
import org.scsefiji.imagej.OverlayCheck;
import org.scsefiji.imagej.TestFixtures;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;

class SegmentImageCommandTest {
    @RegisterExtension
    static final FijiCommands fiji = new FijiCommands();
    @TempDir
    static Path dir;

    /** The line Fiji records for this command (booleans as key=true|false, the image is the active one). */
    @Test
    void recordedMacroLineGivesLabelsOverlayAndMaps() throws Exception {
        ImagePlus imp = TestFixtures.image("cells.tif", 45, 38, 1);
        SegmentImageCommand cmd = fiji.run(SegmentImageCommand.class,
                "model=tiny device=cpu tile_size=0 label_image=true overlay=outline roi_manager=false probabilities=true attention_maps=true", imp);
        assertNull(cmd.failure());
        ImagePlus labels = cmd.labels;
        assertEquals("cells_labels", labels.getTitle());
        assertEquals(8, labels.getBitDepth());
        assertEquals(45, labels.getWidth());
        assertEquals(38, labels.getHeight());
        assertEquals(Color.RED.getRGB(), labels.getProcessor().getLut().getRGB(1));
        assertEquals(TestFixtures.CLASSES, ClassProperties.read(labels).orElseThrow());

        OverlayCheck.matchesLabels(imp.getOverlay(), labels.getProcessor());

        ImagePlus p = cmd.probability_maps;
        assertEquals(3, p.getStackSize());
        assertEquals("nucleus", p.getStack().getSliceLabel(2));
        for (int i = 0; i < 45 * 38; i++) {
            float sum = 0, best = -1;
            int arg = -1;
            for (int c = 1; c <= 3; c++) {
                float v = p.getStack().getProcessor(c).getf(i);
                sum += v;
                if (v > best) {
                    best = v;
                    arg = c - 1;
                }
            }
            assertEquals(1, sum, 1e-4);
            assertEquals(arg, labels.getProcessor().get(i), "label = most probable class");
        }
        ImagePlus a = cmd.attention;
        assertEquals(2, a.getStackSize());
        for (int s = 1; s <= 2; s++) {
            ImageProcessor ip = a.getStack().getProcessor(s);
            for (int i = 0; i < ip.getPixelCount(); i++) assertTrue(ip.getf(i) >= 0 && ip.getf(i) <= 1);
        }
    }

    @Test
    void overlayAndLabelsSurviveTiffSaving() throws Exception {
        ImagePlus imp = TestFixtures.image("round trip.tif", 40, 33, 2);
        SegmentImageCommand cmd = fiji.run(SegmentImageCommand.class,
                "model=tiny device=cpu tile_size=0 label_image=true overlay=fill roi_manager=true probabilities=false attention_maps=false", imp);
        assertNull(cmd.failure());
        assertNull(cmd.probability_maps);
        assertNull(cmd.attention);
        Path imageFile = dir.resolve("with overlay.tif"), labelsFile = dir.resolve("labels.tif");
        ImageFiles.writeTiff(imp, imageFile, Set.of());
        ImageFiles.writeTiff(cmd.labels, labelsFile, Set.of());
        ImagePlus image2 = IJ.openImage(imageFile.toString()), labels2 = IJ.openImage(labelsFile.toString());
        Overlay before = imp.getOverlay(), after = image2.getOverlay();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).getName(), after.get(i).getName());
            assertEquals(before.get(i).getFillColor(), after.get(i).getFillColor());
            assertEquals(before.get(i).getProperty(ClassOverlay.CLASS_INDEX), after.get(i).getProperty(ClassOverlay.CLASS_INDEX));
        }
        assertEquals(TestFixtures.CLASSES, ClassProperties.read(labels2).orElseThrow());
        assertEquals(Color.GREEN.getRGB(), labels2.getProcessor().getLut().getRGB(2));
        OverlayCheck.matchesLabels(after, labels2.getProcessor());
    }

    /**
     * A model that declares instances gives the 16-bit instance image by default (its ids 1..N, N the objects' count),
     * none with instances=false; a model without instances ignores the key.
     */
    @Test
    void modelsThatSplitObjectsGiveTheInstanceImage() throws Exception {
        Path model = dir.resolve("objects.scse");
        NetworkSpec spec = NetworkSpec.builder().features(8).classes(ClassPalettes.objects(3))
                .postProcessing(new InstancePostProcessing(1, 2, 0.5, 0.34, 1, 1)).build();
        try (ScseModel m = ScseModel.create(spec, new Provenance(), Device.cpu())) {
            ModelFile.save(m, model);
        }
        ImagePlus imp = TestFixtures.image("cells.tif", 48, 40, 5);
        SegmentImageCommand cmd = fiji.run(SegmentImageCommand.class, "model=[" + model + "] device=cpu overlay=none", imp);
        assertNull(cmd.failure());
        ImagePlus ids = cmd.instance_labels;
        assertNotNull(ids, "instances=true is the default");
        assertEquals("cells_instances", ids.getTitle());
        assertEquals(16, ids.getBitDepth());
        Set<Integer> seen = new TreeSet<>();
        for (int i = 0; i < ids.getProcessor().getPixelCount(); i++) if (ids.getProcessor().get(i) > 0) seen.add(ids.getProcessor().get(i));
        assertTrue(!seen.isEmpty(), "the untrained network still finds some objects, so the test compares something");
        assertEquals(seen.size(), (int) ids.getProcessor().getStatistics().max, "ids run from 1 to the count: " + seen);

        cmd = fiji.run(SegmentImageCommand.class, "model=[" + model + "] device=cpu overlay=none instances=false", imp);
        assertNull(cmd.failure());
        assertNull(cmd.instance_labels);
        cmd = fiji.run(SegmentImageCommand.class, "model=tiny device=cpu overlay=none instances=true", imp);
        assertNull(cmd.failure());
        assertNull(cmd.instance_labels, "the tiny model does not split objects");
        assertNotNull(cmd.labels);
    }

    @Test
    void stacksGetOneLabelPlaneAndPlacedRoisPerSlice() throws Exception {
        ImageStack stack = new ImageStack(36, 36);
        stack.addSlice(TestFixtures.image("a", 36, 36, 3).getProcessor());
        stack.addSlice(TestFixtures.image("b", 36, 36, 4).getProcessor());
        ImagePlus imp = new ImagePlus("stack", stack);
        SegmentImageCommand cmd = fiji.run(SegmentImageCommand.class,
                "model=tiny device=cpu tile_size=0 label_image=true overlay=outline roi_manager=false probabilities=false attention_maps=false", imp);
        assertNull(cmd.failure());
        assertEquals(2, cmd.labels.getStackSize());
        for (Roi roi : imp.getOverlay().toArray()) assertTrue(roi.getPosition() == 1 || roi.getPosition() == 2, roi.getName());
    }

    @Test
    void installedModelsAreTheChoicesButAMacroMustNameTheModel() throws Exception {
        ImagePlus imp = TestFixtures.image("x", 32, 32, 5);
        SegmentImageCommand cmd = fiji.run(SegmentImageCommand.class, "device=cpu overlay=none label_image=true", imp);
        assertEquals(List.of("tiny"), cmd.getInfo().getInput("model").getChoices());
        assertTrue(cmd.isCanceled());
        assertTrue(cmd.failure().startsWith("model is missing from the macro line"), cmd.failure());
        assertNull(cmd.labels);
        cmd = fiji.run(SegmentImageCommand.class, "model=tiny device=cpu overlay=none label_image=true", imp);
        assertNull(cmd.failure());
        assertNotNull(cmd.labels);
        assertNull(imp.getOverlay(), "overlay=none leaves the image alone");
    }

    @Test
    void badChoicesAndImagesAreReportedInWords() throws Exception {
        ImagePlus imp = TestFixtures.image("x", 32, 32, 6);
        SegmentImageCommand cmd = fiji.run(SegmentImageCommand.class, "model=bogus device=cpu", imp);
        assertTrue(cmd.failure().startsWith("No model named 'bogus'. Installed models (in "), cmd.failure());
        assertTrue(cmd.failure().contains("): tiny;"), cmd.failure());
        assertNull(cmd.labels);
        cmd = fiji.run(SegmentImageCommand.class, "model=tiny device=tpu", imp);
        assertEquals("Unknown device 'tpu': choose one of auto, cpu, gpu.", cmd.failure());
        cmd = fiji.run(SegmentImageCommand.class, "model=tiny overlay=dots", imp);
        assertEquals("Unknown overlay 'dots': choose one of outline, fill, none.", cmd.failure());
        ImagePlus rgb = new ImagePlus("colour", new ij.process.ColorProcessor(32, 32));
        cmd = fiji.run(SegmentImageCommand.class, "model=tiny device=cpu", rgb);
        assertTrue(cmd.failure().contains("is RGB colour"), cmd.failure());
        SegmentImageCommand plain = new SegmentImageCommand(); // plain Java: fields, run()
        plain.run();
        assertEquals("model is required: installed model name, or the path of a model file", plain.failure());
        plain.model = "tiny";
        plain.run();
        assertEquals("No image is open: open the image to segment first", plain.failure());
    }
}
