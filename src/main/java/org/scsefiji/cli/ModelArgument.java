package org.scsefiji.cli;

import ai.djl.Device;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scsefiji.bioimageio.ModelLoader;
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

    private ModelArgument() {
    }

    /** The model file that {@code --model} names: a path (a .scse file, or a bioimage.io package .zip or folder), or the name of a model in ./models. */
    static Path file(String model) throws ModelFileException {
        return ModelLocation.resolve(model, List.of(MODELS_FOLDER));
    }

    /** Loads the model on the chosen device and says which engine and model run. */
    static ScseModel load(String model, String device, PrintStream out) throws ModelFileException {
        Path file = file(model);
        Device d = TorchEngine.device(DeviceChoice.parse(device));
        out.println("Engine: " + TorchEngine.describe(d));
        long start = System.nanoTime();
        ScseModel m = ModelLoader.load(file, d);
        out.printf(Locale.ROOT, "Model: %s (%s), loaded in %.2f s%n", file, m.network().describe(), (System.nanoTime() - start) / 1e9);
        return m;
    }
}
