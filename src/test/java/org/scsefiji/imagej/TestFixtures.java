package org.scsefiji.imagej;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.NetworkTestSupport;

/** Small models and images for the Fiji-layer tests, built in code (seeded). */
public final class TestFixtures {
    /** Three classes so that LUT colours, names and overlays are checked beyond a binary case. */
    public static final List<ClassInfo> CLASSES = List.of(new ClassInfo(0, "background", "#000000", true),
            new ClassInfo(1, "nucleus", "#ff0000", false), new ClassInfo(2, "rim", "#00ff00", false));

    private TestFixtures() {
    }

    /** An untrained U-Net with 8 features per block, seeded weights and {@link #CLASSES}, saved to {@code file}. */
    public static Path tinyModel(Path file) throws Exception {
        return tinyModel(file, CLASSES);
    }

    public static Path tinyModel(Path file, List<ClassInfo> classes) throws Exception {
        NetworkSpec spec = NetworkSpec.builder().architecture(Architecture.UNET).features(8).classes(classes).build();
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 1, new Provenance().with(Provenance.CREATED, "test fixture"))) {
            ModelFile.save(model, file);
        }
        return file;
    }

    /** An 8-bit image of noise with one bright rectangle; sizes need not be multiples of the network's. */
    public static ImagePlus image(String title, int w, int h, long seed) {
        Random r = new Random(seed);
        ByteProcessor ip = new ByteProcessor(w, h);
        int x0 = r.nextInt(w / 2), y0 = r.nextInt(h / 2);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = x >= x0 && x < x0 + w / 3 && y >= y0 && y < y0 + h / 3;
                ip.set(x, y, (inside ? 160 : 20) + r.nextInt(60));
            }
        }
        return new ImagePlus(title, ip);
    }

    /**
     * Writes {@code n} images {@code cell<i>.tif} into {@code images} and their labels into {@code labels}:
     * {@code cell<i>.tif} when the folders differ, {@code cell<i>_labels.tif} when they are the same.
     */
    public static void writePairs(Path images, Path labels, int n, int w, int h, long seed) throws Exception {
        java.nio.file.Files.createDirectories(images);
        java.nio.file.Files.createDirectories(labels);
        boolean same = images.equals(labels);
        for (int i = 1; i <= n; i++) {
            ImagePlus imp = image("cell" + i, w, h, seed + i);
            ImageFiles.writeTiff(imp, images.resolve("cell" + i + ".tif"), java.util.Set.of());
            ImageFiles.writeTiff(labelsFor(imp), labels.resolve("cell" + i + (same ? "_labels" : "") + ".tif"), java.util.Set.of());
        }
    }

    /** A TIFF cut to half its length: ImageJ would read black pixels from it. */
    public static Path truncatedTiff(Path file) throws Exception {
        ImageFiles.writeTiff(image("broken", 40, 40, 99), file, java.util.Set.of());
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        return file;
    }

    /** Class ids for {@link #image}: 1 inside the bright rectangle, 0 elsewhere. */
    public static ImagePlus labelsFor(ImagePlus image) {
        ByteProcessor ip = new ByteProcessor(image.getWidth(), image.getHeight());
        for (int i = 0; i < ip.getPixelCount(); i++) ip.set(i, image.getProcessor().get(i) >= 160 ? 1 : 0);
        return new ImagePlus(image.getTitle() + "_labels", ip);
    }
}
