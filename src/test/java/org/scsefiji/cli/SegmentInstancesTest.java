package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.instances.Instances;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;

/** segment --instances: per image a 16-bit instance image and an objects table that agree, and one summary. */
class SegmentInstancesTest {
    @TempDir
    Path dir;

    private Path model(boolean instances) throws Exception {
        Path file = dir.resolve(instances ? "objects.scse" : "plain.scse");
        NetworkSpec spec = NetworkSpec.builder().features(8).classes(ClassPalettes.objects(3))
                .postProcessing(instances ? new InstancePostProcessing(1, 2, 0.5, 0.34, 1, 1) : null).build();
        try (ScseModel m = ScseModel.create(spec, new Provenance(), Device.cpu())) {
            ModelFile.save(m, file);
        }
        return file;
    }

    private String[] run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void instanceImagesObjectTablesAndSummaryAgree() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Random r = new Random(5);
        for (String name : new String[] {"a.tif", "b.tif"}) {
            ByteProcessor ip = new ByteProcessor(48, 40);
            for (int i = 0; i < ip.getPixelCount(); i++) ip.set(i, r.nextInt(256));
            ImagePlus imp = new ImagePlus(name, ip);
            imp.getCalibration().pixelWidth = 0.5;
            imp.getCalibration().pixelHeight = 0.5;
            imp.getCalibration().setUnit("um");
            new FileSaver(imp).saveAsTiff(in.resolve(name).toString());
        }
        Path out = dir.resolve("out");
        String[] r1 = run("segment", "--model", model(true).toString(), "--input", in.toString(), "--output", out.toString(), "--device", "cpu",
                "--instances");
        assertEquals("0", r1[0], r1[1] + r1[2]);
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("image,count,mean_area,seconds", summary.get(0));
        assertEquals(3, summary.size());
        int objects = 0;
        for (int k = 0; k < 2; k++) {
            String base = k == 0 ? "a" : "b";
            ImagePlus ids = IJ.openImage(out.resolve(base + "_instances.tif").toString());
            assertEquals(16, ids.getBitDepth());
            assertEquals(0.5, ids.getCalibration().pixelWidth);
            List<String> rows = Files.readAllLines(out.resolve(base + "_objects.csv"));
            assertEquals(Instances.OBJECTS_HEADER, rows.get(0));
            int max = (int) ids.getProcessor().getStatistics().max;
            assertEquals(max, rows.size() - 1, "one row per id");
            objects += max;
            String[] line = summary.get(k + 1).split(",");
            assertEquals(base + ".tif", line[0]);
            assertEquals(max, Integer.parseInt(line[1]));
            long pixels = 0;
            long counted = 0;
            for (int i = 0; i < ids.getProcessor().getPixelCount(); i++) if (ids.getProcessor().get(i) > 0) pixels++;
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",");
                counted += Long.parseLong(f[2]);
                assertEquals(Long.parseLong(f[2]) * 0.25, Double.parseDouble(f[3]), 1e-3, "calibrated area");
                assertEquals(ids.getCalibration().getUnit(), f[15]);
            }
            assertEquals(pixels, counted, "the areas add up to the object pixels");
        }
        assertTrue(objects > 0, "the untrained network still finds some objects, so the test compares something");
    }

    @Test
    void aModelWithoutInstancesIsRefusedByName() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in2"));
        new FileSaver(new ImagePlus("c", new ByteProcessor(32, 32))).saveAsTiff(in.resolve("c.tif").toString());
        String[] r = run("segment", "--model", model(false).toString(), "--input", in.toString(), "--output", dir.resolve("o").toString(),
                "--device", "cpu", "--instances");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("does not split objects"), r[2]);
    }
}
