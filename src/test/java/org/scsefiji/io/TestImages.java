package org.scsefiji.io;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Assumptions;

/** Writes small test images (TIFF, PNG) and finds the shared real data. */
public final class TestImages {
    private TestImages() {
    }

    /**
     * A folder of the shared real data (system property scse.data.dir, default ../shared/data), e.g.
     * "oct-duke/train". When it is absent (a fresh clone elsewhere) the calling test is skipped, saying so.
     */
    public static Path sharedData(String folder) {
        Path dir = Paths.get(System.getProperty("scse.data.dir", "../shared/data")).resolve(folder);
        Assumptions.assumeTrue(Files.isDirectory(dir), "skipped: ../shared/data not present (no " + dir
                + "; set -Dscse.data.dir=DIR to run this real-data test)");
        return dir;
    }

    /** 8-bit grayscale, values row after row (x fastest). */
    public static void write8(Path file, int width, int height, int[] values) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, width, height, 0, values);
        write(file, img);
    }

    /** 16-bit grayscale. */
    public static void write16(Path file, int width, int height, int[] values) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSamples(0, 0, width, height, 0, values);
        write(file, img);
    }

    /** 32-bit float grayscale TIFF. */
    public static void writeFloat(Path file, int width, int height, float[] values) throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster r = cm.createCompatibleWritableRaster(width, height);
        r.setSamples(0, 0, width, height, 0, values);
        write(file, new BufferedImage(cm, r, false, new Hashtable<>()));
    }

    /** RGB, every pixel the same grey value v. */
    public static void writeRgb(Path file, int width, int height, int v) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) img.setRGB(x, y, (v << 16) | (v << 8) | v);
        }
        write(file, img);
    }

    /** A multi-page 8-bit TIFF, one page per slice. */
    public static void writeStack8(Path file, int width, int height, int[][] slices) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("tif").next();
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.prepareWriteSequence(null);
            for (int[] s : slices) {
                BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setSamples(0, 0, width, height, 0, s);
                w.writeToSequence(new IIOImage(img, null, null), null);
            }
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
    }

    private static void write(Path file, BufferedImage img) throws IOException {
        String name = file.getFileName().toString().toLowerCase();
        String format = name.endsWith(".png") ? "png" : "tif";
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(img, format, file.toFile())) throw new IOException("No " + format + " writer for " + img);
    }
}
