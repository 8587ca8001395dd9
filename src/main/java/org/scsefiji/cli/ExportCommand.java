package org.scsefiji.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.scsefiji.export.BioImageIoPackage;
import org.scsefiji.imagej.ImageJImageReader;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/** {@code export}: a model as a BioImage Model Zoo package (ONNX weights + rdf.yaml), runnable without scSE-Fiji. */
final class ExportCommand implements Subcommand {
    @Override
    public String name() {
        return "export";
    }

    @Override
    public String description() {
        return "export a model as a BioImage Model Zoo package (ONNX + rdf.yaml) for deepImageJ, ilastik, QuPath, ...";
    }

    @Override
    public String usage() {
        return Flags.usage(Operations.EXPORT);
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Settings a = Settings.of(Operations.EXPORT, Flags.parse(Operations.EXPORT, args, 1));
        Path target = a.path("output_file");
        Path modelPath = ModelArgument.file(a.text("model"));
        if (org.scsefiji.bioimageio.BioImageIoModel.isPackage(modelPath)) {
            throw new UsageException("model: " + modelPath + " is already a bioimage.io package; export takes a .scse model");
        }
        BioImageIoPackage.Description d = new BioImageIoPackage.Description();
        String stem = modelPath.getFileName().toString().replaceFirst("\\" + ModelFile.EXTENSION + "$", "");
        d.name = a.isBlank("name") ? stem : a.text("name");
        d.authors = Arrays.stream(a.text("authors").split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
        d.license = a.text("license");
        d.wholeSlice = a.bool("whole_slice");
        d.maxTestSize = a.integer("test_size");
        Path card = modelPath.resolveSibling(stem + ".md");
        if (Files.isRegularFile(card)) d.modelCard = Files.readString(card, StandardCharsets.UTF_8);
        try (ScseModel model = ModelArgument.load(a.text("model"), a.choice("device"), out)) {
            BioImageIoPackage.TestImage image;
            if (!a.isBlank("test_image")) {
                Path file = a.path("test_image");
                image = BioImageIoPackage.TestImage.of(new ImageJImageReader().read(file), model.spec().inputChannels(), file.toString());
            } else {
                image = BioImageIoPackage.TestImage.synthetic(model.spec().inputChannels(), BioImageIoPackage.minSize(model.network()), 1);
            }
            BioImageIoPackage.Summary s = BioImageIoPackage.write(model, image, d, target);
            out.printf(Locale.ROOT, "Wrote %s (%.1f MB): ONNX opset %d, input sizes %d + k * %d, halo %d, test tensor %d x %d%s%n",
                    target, s.bytes / 1e6, org.scsefiji.export.OnnxExport.OPSET, s.minSize, s.step, s.halo, s.height, s.width,
                    Files.isRegularFile(card) ? ", documentation " + card.getFileName() : "");
        }
        return 0;
    }
}
