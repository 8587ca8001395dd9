package org.scsefiji.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import javax.imageio.ImageIO;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.io.TestImages;

/**
 * Small crops of real Duke OCT B-scans and their labels for training tests, committed as 8-bit PNG under
 * src/test/resources/org/scsefiji/train/oct-crops/ (about 200 kB; source and terms in its README.md) so that
 * the tests need no ../shared/data. {@link #main} made them from the shared data; OctCropsTest checks that
 * they still equal those crops when the data is present.
 */
public final class OctCrops {
    static final int X0 = 330;
    static final int Y0 = 48;
    static final int WIDTH = 128;
    static final int HEIGHT = 256;
    /** Two B-scans of each subject; subject05 validates. */
    static final List<String> NAMES = List.of("subject01_bscan30", "subject01_bscan50", "subject02_bscan28", "subject02_bscan45",
            "subject03_bscan25", "subject03_bscan40", "subject04_bscan16", "subject04_bscan31", "subject05_bscan13",
            "subject05_bscan30");
    private static final String FIXTURES = "oct-crops/";

    private OctCrops() {
    }

    /** Writes the crops as 8-bit TIFF pairs (X.tif, X_labels.tif) into {@code dir}. */
    public static void write(Path dir) throws IOException {
        for (String n : NAMES) {
            for (String file : List.of(n, n + "_labels")) TestImages.write8(dir.resolve(file + ".tif"), WIDTH, HEIGHT, fixture(file));
        }
    }

    /** The committed crop {@code name} ("subject01_bscan30" or "subject01_bscan30_labels"), row after row. */
    static int[] fixture(String name) throws IOException {
        String resource = FIXTURES + name + ".png";
        BufferedImage img;
        try (InputStream in = OctCrops.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("Test fixture " + resource + " is missing next to " + OctCrops.class.getName());
            img = ImageIO.read(in);
        }
        if (img.getWidth() != WIDTH || img.getHeight() != HEIGHT) throw new IOException("Test fixture " + resource + " is not "
                + WIDTH + "x" + HEIGHT);
        return img.getRaster().getSamples(0, 0, WIDTH, HEIGHT, 0, new int[WIDTH * HEIGHT]);
    }

    /** The same crop taken from the full B-scan file {@code file} (e.g. ../shared/data/oct-duke/train/X.tif). */
    static int[] crop(Path file) throws IOException {
        RandomAccessibleInterval<? extends RealType<?>> img = new ImageIoReader().read(file);
        int[] out = new int[WIDTH * HEIGHT];
        int i = 0;
        for (RealType<?> t : Views.flatIterable(Views.interval(img, new long[] {X0, Y0},
                new long[] {X0 + WIDTH - 1, Y0 + HEIGHT - 1}))) {
            out[i++] = (int) t.getRealDouble();
        }
        return out;
    }

    /**
     * Remakes the fixtures: {@code OctCrops SHARED_OCT_TRAIN_DIR OUTPUT_DIR}, e.g. ../shared/data/oct-duke/train
     * src/test/resources/org/scsefiji/train/oct-crops (run with target/test-classes and the test class path).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: OctCrops SHARED_OCT_TRAIN_DIR OUTPUT_DIR");
        Path src = Paths.get(args[0]);
        Path out = Paths.get(args[1]);
        for (String n : NAMES) {
            for (String file : List.of(n, n + "_labels")) {
                TestImages.write8(out.resolve(file + ".png"), WIDTH, HEIGHT, crop(src.resolve(file + ".tif")));
            }
        }
    }
}
