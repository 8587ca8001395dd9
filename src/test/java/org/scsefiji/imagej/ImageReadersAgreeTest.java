package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.io.CalibratedImage;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.io.PixelCalibration;
import org.scsefiji.io.VoxelSize;
import org.scsefiji.io.vol.VolWriter;

/**
 * The core's reader (command line) and ImageJ's (Fiji) give the same pixels and calibration for the same file,
 * calibration as ImageJ writes it included, so a model sees the same input and the same pixel size either way.
 */
class ImageReadersAgreeTest {
    @TempDir
    Path dir;

    private final ImageIoReader core = new ImageIoReader();
    private final ImageJImageReader imagej = new ImageJImageReader();

    @Test
    void calibratedStackWrittenByImageJ() throws IOException {
        ImageStack stack = new ImageStack(7, 5);
        Random r = new Random(1);
        for (int z = 0; z < 3; z++) {
            byte[] p = new byte[35];
            r.nextBytes(p);
            stack.addSlice(new ByteProcessor(7, 5, p));
        }
        ImagePlus imp = new ImagePlus("s", stack);
        Calibration cal = new Calibration();
        cal.setUnit("um");
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.25;
        cal.pixelDepth = 2;
        imp.setCalibration(cal);
        CalibratedImage c = agree(save(imp, "stack.tif"));
        assertEquals(new PixelCalibration(0.5, 0.25, 2, "um"), c.calibration());
        VoxelSize v = c.calibration().voxelSize();
        assertEquals(0.5, v.width(), 1e-12);
        assertEquals(0.25, v.height(), 1e-12);
        assertEquals(2, v.depth(), 1e-12);
    }

    @Test
    void singleSliceInMillimetresAndInCentimetres() throws IOException {
        for (String unit : new String[] {"mm", "cm", "micron"}) {
            ImagePlus imp = new ImagePlus("one", new ShortProcessor(4, 3));
            imp.getProcessor().set(1, 1, 40000);
            Calibration cal = new Calibration();
            cal.setUnit(unit);
            cal.pixelWidth = 0.003;
            cal.pixelHeight = 0.004;
            imp.setCalibration(cal);
            CalibratedImage c = agree(save(imp, unit + ".tif"));
            assertEquals(0, c.calibration().depth(), unit + ": one slice has no depth");
            double um = VoxelSize.micrometresPer(unit);
            assertEquals(0.003 * um, c.calibration().voxelSize().width(), 1e-6 * um, unit);
            assertEquals(0.004 * um, c.calibration().voxelSize().height(), 1e-6 * um, unit);
        }
    }

    @Test
    void uncalibratedFloatTiffAndPng() throws IOException {
        float[] f = new float[12];
        for (int i = 0; i < f.length; i++) f[i] = i * 0.37f - 1;
        CalibratedImage t = agree(save(new ImagePlus("f", new FloatProcessor(4, 3, f)), "f.tif"));
        assertFalse(t.calibration().isPhysical());
        Path png = dir.resolve("p.png");
        ByteProcessor bp = new ByteProcessor(5, 4);
        bp.set(2, 3, 200);
        assertTrue(new FileSaver(new ImagePlus("p", bp)).saveAsPng(png.toString()));
        CalibratedImage p = agree(png);
        assertEquals(PixelCalibration.NONE.singleSlice(), p.calibration());
    }

    @Test
    void volFilesOneAndManyBScans() throws IOException {
        VolWriter w = new VolWriter();
        CalibratedImage many = agree(w.write(dir.resolve("a.vol")));
        VoxelSize v = many.calibration().voxelSize();
        assertEquals(11.5, v.width(), 1e-9);
        assertEquals(3.9, v.height(), 1e-9);
        assertEquals(120, v.depth(), 1e-9);
        w.numBScans = 1;
        CalibratedImage one = agree(w.write(dir.resolve("b.vol")));
        assertEquals(0, one.calibration().depth());
    }

    @Test
    void shippedOctSample() throws IOException {
        agree(Path.of("models", "samples", "oct-subject05-bscan28.tif"));
    }

    private Path save(ImagePlus imp, String name) {
        Path file = dir.resolve(name);
        assertTrue(new FileSaver(imp).saveAsTiff(file.toString()));
        return file;
    }

    /** Reads {@code file} with both readers, checks they agree, returns the core's result. */
    private CalibratedImage agree(Path file) throws IOException {
        CalibratedImage a = core.open(file);
        CalibratedImage b = imagej.open(file);
        assertEquals(b.calibration(), a.calibration(), file + ": calibration");
        assertEquals(Arrays.toString(b.pixels().dimensionsAsLongArray()), Arrays.toString(a.pixels().dimensionsAsLongArray()), file + ": size");
        assertEquals(b.pixels().getType().getClass(), a.pixels().getType().getClass(), file + ": pixel type");
        assertEquals(values(b.pixels()), values(a.pixels()), file + ": pixels");
        return a;
    }

    private static String values(RandomAccessibleInterval<? extends RealType<?>> img) {
        StringBuilder sb = new StringBuilder();
        for (RealType<?> t : Views.flatIterable(img)) sb.append(t.getRealDouble()).append(' ');
        return sb.toString();
    }
}
