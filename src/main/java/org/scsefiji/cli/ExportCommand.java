package org.scsefiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.scsefiji.bioimageio.BioImageIoModel;
import org.scsefiji.export.PackageExport;
import org.scsefiji.imagej.ImageJImageReader;
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
        Path modelPath = ModelArgument.file(a.text("model"));
        if (BioImageIoModel.isPackage(modelPath)) {
            throw new UsageException("model: " + modelPath + " is already a bioimage.io package; export takes a .scse model");
        }
        PackageExport.target(a);
        try (ScseModel model = ModelArgument.load(a.text("model"), a.choice("device"), out)) {
            out.println(PackageExport.run(a, modelPath, model, new ImageJImageReader()).message);
        }
        return 0;
    }
}
