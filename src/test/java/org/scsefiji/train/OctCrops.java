package org.scsefiji.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.io.TestImages;

/** Small crops of real Duke OCT B-scans and their labels, written as 8-bit TIFF pairs for training tests. */
public final class OctCrops {
    static final int X0 = 330;
    static final int Y0 = 48;
    static final int WIDTH = 128;
    static final int HEIGHT = 256;
    /** Two B-scans of each subject; subject05 validates. */
    static final List<String> NAMES = List.of("subject01_bscan30", "subject01_bscan50", "subject02_bscan28", "subject02_bscan45",
            "subject03_bscan25", "subject03_bscan40", "subject04_bscan16", "subject04_bscan31", "subject05_bscan13",
            "subject05_bscan30");

    private OctCrops() {
    }

    public static void write(Path dir) throws IOException {
        Path src = TestImages.dataDir().resolve("oct-duke/train");
        ImageIoReader reader = new ImageIoReader();
        for (String n : NAMES) {
            TestImages.write8(dir.resolve(n + ".tif"), WIDTH, HEIGHT, crop(reader.read(src.resolve(n + ".tif"))));
            TestImages.write8(dir.resolve(n + "_labels.tif"), WIDTH, HEIGHT, crop(reader.read(src.resolve(n + "_labels.tif"))));
        }
    }

    private static int[] crop(RandomAccessibleInterval<? extends RealType<?>> img) {
        int[] out = new int[WIDTH * HEIGHT];
        int i = 0;
        for (RealType<?> t : Views.flatIterable(Views.interval(img, new long[] {X0, Y0},
                new long[] {X0 + WIDTH - 1, Y0 + HEIGHT - 1}))) {
            out[i++] = (int) t.getRealDouble();
        }
        return out;
    }
}
