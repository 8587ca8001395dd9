package org.scsefiji.cli;

import ai.djl.Device;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ModelFileException;
import org.scsefiji.model.ModelLocation;
import org.scsefiji.model.ScseModel;

/** The options {@code --model} and {@code --device} of the subcommands that run a model, and loading it. */
final class ModelArgument {
    /** Where a model given by name is looked for. */
    static final Path MODELS_FOLDER = Path.of("models");
    static final String USAGE = ""
            + "  --model M          model file, or the name of a model in ./models (required)\n"
            + "  --device D         auto, cpu or gpu (default auto)\n";

    private ModelArgument() {
    }

    /** The model file that {@code --model} names: a path, or an installed model's name. */
    static Path file(Arguments a) throws ModelFileException {
        return ModelLocation.resolve(a.required("model"), List.of(MODELS_FOLDER));
    }

    /** Loads the model on the chosen device and says which engine and model run. */
    static ScseModel load(Arguments a, PrintStream out) throws ModelFileException {
        DeviceChoice choice = a.parsed("device", "auto", DeviceChoice::parse);
        Path file = file(a);
        Device device = TorchEngine.device(choice);
        out.println("Engine: " + TorchEngine.describe(device));
        long start = System.nanoTime();
        ScseModel model = ModelFile.load(file, device);
        out.printf(Locale.ROOT, "Model: %s (%s), loaded in %.2f s%n", file, model.spec(), (System.nanoTime() - start) / 1e9);
        return model;
    }
}
