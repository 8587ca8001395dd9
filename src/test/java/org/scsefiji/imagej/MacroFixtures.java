package org.scsefiji.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Test data for .ci/imagej-macros.sh, which runs macros/ in a real ImageJ 1: an untrained model and
 * small nuclei crops. Usage: {@code java -cp target/scse.jar:target/test-classes org.scsefiji.imagej.MacroFixtures DIR}.
 * <ul>
 * <li>DIR/models/tiny.scse: U-Net, 8 features, classes background and nucleus (the two of the crops);</li>
 * <li>DIR/segment_in/: three image crops, a truncated TIFF (zz_broken.tif) and a text file;</li>
 * <li>DIR/train/images/ and DIR/train/labels/: four crops and their labels (0 background, 1 nucleus).</li>
 * </ul>
 * Crops (96 x 80, so not a multiple of the network's 16) come from the shared DSB 2018 nuclei
 * ({@code -Dscse.data.dir}, default ../shared/data); without them, synthetic images are written.
 */
public final class MacroFixtures {
    private MacroFixtures() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: MacroFixtures OUTPUT_FOLDER");
        Path out = Paths.get(args[0]);
        Path models = Files.createDirectories(out.resolve("models"));
        TestFixtures.tinyModel(models.resolve("tiny.scse"), TestFixtures.CLASSES.subList(0, 2));
        List<ImagePlus[]> pairs = crops(7);
        Path segment = Files.createDirectories(out.resolve("segment_in"));
        for (int i = 0; i < 3; i++) save(pairs.get(i)[0], segment.resolve("nuclei" + i + ".tif"));
        TestFixtures.truncatedTiff(segment.resolve("zz_broken.tif"));
        Files.writeString(segment.resolve("notes.txt"), "not an image");
        Path images = Files.createDirectories(out.resolve("train/images")), labels = Files.createDirectories(out.resolve("train/labels"));
        for (int i = 3; i < 7; i++) {
            save(pairs.get(i)[0], images.resolve("nuclei" + i + ".tif"));
            save(pairs.get(i)[1], labels.resolve("nuclei" + i + ".tif"));
        }
        System.out.println("macro fixtures in " + out + " (" + (fromData() == null ? "synthetic" : "nuclei crops from " + fromData()) + ")");
    }

    private static Path fromData() {
        Path dir = Paths.get(System.getProperty("scse.data.dir", "../shared/data"), "nuclei", "train");
        return Files.isDirectory(dir) ? dir : null;
    }

    /** {image, labels} pairs: 8-bit crops and 8-bit class ids (instance ids > 0 become class 1). */
    private static List<ImagePlus[]> crops(int n) throws Exception {
        Path dir = fromData();
        if (dir == null) {
            return Stream.iterate(1, i -> i + 1).limit(n).map(i -> {
                ImagePlus imp = TestFixtures.image("synthetic" + i, 96, 80, i);
                return new ImagePlus[] {imp, TestFixtures.labelsFor(imp)};
            }).collect(Collectors.toList());
        }
        List<Path> labelFiles;
        try (Stream<Path> s = Files.list(dir)) {
            labelFiles = s.filter(p -> p.getFileName().toString().endsWith("_labels.tif")).sorted().limit(n).collect(Collectors.toList());
        }
        return labelFiles.stream().map(l -> {
            String name = l.getFileName().toString().replace("_labels.tif", ".tif");
            ImagePlus image = IJ.openImage(l.resolveSibling(name).toString()), labels = IJ.openImage(l.toString());
            ImageProcessor img = image.getProcessor().convertToByte(true);
            img.setRoi(0, 0, 96, 80);
            ByteProcessor classes = new ByteProcessor(96, 80);
            for (int y = 0; y < 80; y++) {
                for (int x = 0; x < 96; x++) classes.set(x, y, labels.getProcessor().get(x, y) > 0 ? 1 : 0);
            }
            return new ImagePlus[] {new ImagePlus(name, img.crop()), new ImagePlus(name, classes)};
        }).collect(Collectors.toList());
    }

    private static void save(ImagePlus imp, Path file) throws Exception {
        ImageFiles.writeTiff(imp, file, Set.of());
        if (!new File(file.toString()).isFile()) throw new IllegalStateException("not written: " + file);
    }
}
