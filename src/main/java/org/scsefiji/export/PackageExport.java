package org.scsefiji.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.scsefiji.io.ImageReader;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Settings;

/**
 * The export operation ({@code Operations.EXPORT}) for the command line and Fiji alike: the package's
 * description from the settings and the model card beside the model file (NAME.md), the test image read by the
 * caller's reader (or synthetic blobs), the package written atomically, never over an existing file unless
 * {@code overwrite} is set.
 */
public final class PackageExport {
    private PackageExport() {
    }

    /** What was written, and a one-line account of it. */
    public static final class Result {
        public final Path file;
        public final BioImageIoPackage.Summary summary;
        public final String message;

        Result(Path file, BioImageIoPackage.Summary summary, String message) {
            this.file = file;
            this.summary = summary;
            this.message = message;
        }
    }

    /** The package file the settings name; refused when it exists and overwrite is not set, or is a folder. */
    public static Path target(Settings s) {
        Path target = s.path("output_file");
        if (Files.isDirectory(target)) throw new IllegalArgumentException("output_file: " + target + " is a folder; give a file name such as model.zip");
        if (Files.exists(target) && !s.bool("overwrite")) {
            throw new IllegalArgumentException("output_file: " + target + " exists; choose another name or set overwrite");
        }
        return target;
    }

    /**
     * @param modelFile the model's file (its name and model card), already loaded as {@code model}
     * @param reader reads {@code test_image} when given
     */
    public static Result run(Settings s, Path modelFile, ScseModel model, ImageReader reader) throws IOException {
        Path target = target(s);
        String stem = modelFile.getFileName().toString().replaceFirst("\\" + ModelFile.EXTENSION + "$", "");
        BioImageIoPackage.Description d = new BioImageIoPackage.Description();
        d.name = s.isBlank("package_name") ? stem : s.text("package_name");
        d.authors = Arrays.stream(s.text("authors").split(",")).map(String::trim).filter(a -> !a.isEmpty()).collect(Collectors.toList());
        d.license = s.text("license");
        d.wholeSlice = s.bool("whole_slice");
        d.maxTestSize = s.integer("test_size");
        Path card = modelFile.resolveSibling(stem + ".md");
        if (Files.isRegularFile(card)) d.modelCard = Files.readString(card, StandardCharsets.UTF_8);
        BioImageIoPackage.TestImage image;
        if (!s.isBlank("test_image")) {
            Path file = s.path("test_image");
            image = BioImageIoPackage.TestImage.of(reader.read(file), model.spec().inputChannels(), file.toString());
        } else {
            image = BioImageIoPackage.TestImage.synthetic(model.spec().inputChannels(), BioImageIoPackage.minSize(model.network()), 1);
        }
        BioImageIoPackage.Summary summary = BioImageIoPackage.write(model, image, d, target);
        String message = String.format(Locale.ROOT, "Wrote %s (%.1f MB): ONNX opset %d, input sizes %d + k * %d, halo %d, test tensor %d x %d%s%s",
                target, summary.bytes / 1e6, OnnxExport.OPSET, summary.minSize, summary.step, summary.halo, summary.height, summary.width,
                d.modelCard != null ? ", documentation " + card.getFileName() : "", d.wholeSlice ? ", whole-slice mode" : "");
        return new Result(target, summary, message);
    }
}
