package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.imagej.ImageFiles;
import org.scsefiji.io.vol.VolWriter;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;

/** segment on .vol files and measure on label images, through the command line. */
class MeasureCommandTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void segmentWritesOneCalibratedLabelSlicePerBScanOfAVolFile() throws Exception {
        Path model = dir.resolve("tiny.scse");
        NetworkSpec spec = NetworkSpec.builder().architecture(Architecture.RELAYNET).features(8)
                .classes(ClassPalettes.retinalLayers()).build();
        try (ScseModel m = ScseModel.create(spec, new Provenance(), Device.cpu())) {
            ModelFile.save(m, model);
        }
        Path in = Files.createDirectories(dir.resolve("in"));
        VolWriter w = new VolWriter();
        w.sizeX = 24;
        w.sizeZ = 20;
        w.numBScans = 3;
        w.bScanHeaderSize = 256 + 3 * 24 * 4;
        w.write(in.resolve("scan.vol"));
        Files.write(in.resolve("cut.vol"), java.util.Arrays.copyOf(w.bytes(), 3000));
        String[] r = run("segment", "--model", model.toString(), "--input", in.toString(), "--output", dir.resolve("out").toString(),
                "--device", "cpu", "--overlay", "none");
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("cut.vol: is truncated"), r[2]);
        ImagePlus labels = ImageFiles.read(dir.resolve("out/scan_labels.tif"));
        assertEquals(3, labels.getStackSize());
        assertEquals(24, labels.getWidth());
        Calibration cal = labels.getCalibration();
        assertEquals("µm", cal.getUnit());
        // ImageJ stores pixel width and height as TIFF resolutions (rationals): exact to about 1e-5
        assertEquals(11.5, cal.pixelWidth, 11.5e-5);
        assertEquals(3.9, cal.pixelHeight, 3.9e-5);
        assertEquals(120, cal.pixelDepth, 1e-9);
    }

    /** 2 B-scans of 9 A-scans, retina from row 3 to row 3 + 4 + a % 3, 25 um pixels, 3 um deep, B-scans 100 um apart. */
    private Path labelTiff(Path file) {
        ImageStack s = new ImageStack(9, 16);
        for (int b = 0; b < 2; b++) {
            byte[] p = new byte[9 * 16];
            for (int a = 0; a < 9; a++) {
                int bottom = 3 + 4 + a % 3;
                for (int z = 0; z < 16; z++) p[z * 9 + a] = (byte) (z < 3 ? 0 : z < bottom - 1 ? 2 : z < bottom ? 7 : 8);
            }
            p[5 * 9 + 4] = 9; // one fluid pixel inside the retina
            s.addSlice(null, p);
        }
        ImagePlus imp = new ImagePlus("x", s);
        Calibration cal = imp.getCalibration();
        cal.setUnit("um");
        cal.pixelWidth = 25;
        cal.pixelHeight = 3;
        cal.pixelDepth = 100;
        new FileSaver(imp).saveAsTiffStack(file.toString());
        return file;
    }

    @Test
    void measureWritesTablesWithUnitsFromALabelImagesCalibration() throws Exception {
        Path labels = labelTiff(dir.resolve("eye_labels.tif"));
        Path out = dir.resolve("tables");
        String[] r = run("measure", "--labels", labels.toString(), "--output", out.toString(), "--eye", "OS", "--fovea", "0.1,0.05");
        assertEquals("0", r[0], r[1] + r[2]);
        for (String f : List.of("eye_ascans.csv", "eye_bscans.csv", "eye_etdrs.csv", "eye_summary.csv", "eye_thickness_maps.tif")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " in " + r[1]);
        }
        List<String> bscans = Files.readAllLines(out.resolve("eye_bscans.csv"));
        assertTrue(bscans.get(0).startsWith("bscan,valid_ascans,retina_mean_thickness_um,retina_sd_thickness_um,nfl_mean_thickness_um"), bscans.get(0));
        assertTrue(bscans.get(0).endsWith(",fluid_area_mm2"));
        // thickness 4, 5, 6 pixels, three times each: mean 5 px = 15 um; fluid 1 pixel = 25 * 3 um2
        String[] row = bscans.get(1).split(",");
        assertEquals(15.0, Double.parseDouble(row[2]), 15e-5);
        assertEquals(Math.sqrt(6.0 / 8) * 3, Double.parseDouble(row[3]), 1e-4);
        assertEquals(75e-6, Double.parseDouble(row[row.length - 1]), 1e-9);
        List<String> etdrs = Files.readAllLines(out.resolve("eye_etdrs.csv"));
        assertEquals("layer,sector,mean_thickness_um,volume_mm3,ascans,coverage,eye", etdrs.get(0));
        assertEquals(1 + 8 * 9, etdrs.size());
        ImagePlus maps = ImageFiles.read(out.resolve("eye_thickness_maps.tif"));
        assertEquals(8, maps.getStackSize());
        assertEquals("mm", maps.getCalibration().getUnit());
        assertEquals(0.025, maps.getCalibration().pixelWidth, 0.025e-5);
        assertEquals(0.1, maps.getCalibration().pixelHeight, 0.1e-5);
    }

    @Test
    void measureRefusesAVolFileOfAnotherSizeAndUncalibratedLabels() throws Exception {
        Path labels = labelTiff(dir.resolve("eye_labels.tif"));
        Path vol = new VolWriter().write(dir.resolve("other.vol"));
        String[] r = run("measure", "--labels", labels.toString(), "--image", vol.toString(), "--output", dir.resolve("o").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("not its label image"), r[2]);
        ImagePlus plain = new ImagePlus("p", new ij.process.ByteProcessor(4, 4));
        new FileSaver(plain).saveAsTiff(dir.resolve("plain_labels.tif").toString());
        r = run("measure", "--labels", dir.resolve("plain_labels.tif").toString(), "--output", dir.resolve("o").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("not calibrated in a length unit"), r[2]);
    }
}
