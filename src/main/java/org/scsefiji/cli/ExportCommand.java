package org.scsefiji.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.scsefiji.export.BioImageIoPackage;
import org.scsefiji.io.ImageIoReader;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ScseModel;

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
        return ModelArgument.USAGE
                + "  --format F         bioimageio (the only format so far; required)\n"
                + "  --out FILE         the package .zip to write (required)\n"
                + "  --test-image FILE  image for the package's test tensors and cover (default: synthetic blobs)\n"
                + "  --test-size N      test tensor: the image's centre, at most N pixels per side (default 256; at least\n"
                + "                     the network's minimum input size)\n"
                + "  --whole-slice      graph that mirrors its own border and squeezes over the image only: an image given\n"
                + "                     whole segments exactly as scSE-Fiji segments it (costs the halo's extra pixels)\n"
                + "  --name N           model name in the package (default: the model file's name)\n"
                + "  --authors A        comma-separated author names (default scSE-Fiji)\n"
                + "  --license L        SPDX licence of the weights (default CC-BY-4.0)\n";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Arguments a = new Arguments(args, 1, Set.of("model", "device", "format", "out", "test_image", "test_size", "name", "authors", "license"), Set.of("whole_slice"));
        if (!"bioimageio".equals(a.required("format").toLowerCase(Locale.ROOT))) {
            throw new UsageException("Option --format: only 'bioimageio' is supported, got '" + a.required("format") + "'");
        }
        Path target = a.path("out");
        Path modelPath = ModelArgument.file(a);
        BioImageIoPackage.Description d = new BioImageIoPackage.Description();
        String stem = modelPath.getFileName().toString().replaceFirst("\\" + ModelFile.EXTENSION + "$", "");
        d.name = a.string("name", stem);
        if (a.has("authors")) d.authors = Arrays.stream(a.required("authors").split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
        d.license = a.string("license", d.license);
        d.wholeSlice = a.flag("whole_slice");
        d.maxTestSize = a.integer("test_size", d.maxTestSize, 1, 1 << 16);
        Path card = modelPath.resolveSibling(stem + ".md");
        if (Files.isRegularFile(card)) d.modelCard = Files.readString(card, StandardCharsets.UTF_8);
        try (ScseModel model = ModelArgument.load(a, out)) {
            BioImageIoPackage.TestImage image;
            if (a.has("test_image")) {
                Path file = a.path("test_image");
                image = BioImageIoPackage.TestImage.of(new ImageIoReader().read(file), model.spec().inputChannels(), file.toString());
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
