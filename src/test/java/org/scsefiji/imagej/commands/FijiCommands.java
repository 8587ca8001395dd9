package org.scsefiji.imagej.commands;

import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scsefiji.imagej.InstalledModels;
import org.scsefiji.imagej.TestFixtures;

/**
 * For the command tests ({@code @RegisterExtension static}): a SciJava context that runs commands from
 * macro lines as Fiji does ({@link FijiMacro}), and the tiny test model installed as "tiny" in a
 * temporary models folder (the {@value InstalledModels#FOLDER_PROPERTY} property points there).
 */
final class FijiCommands implements BeforeAllCallback, AfterAllCallback {
    private Path folder;
    private Path model;
    private Context context;

    @Override
    public void beforeAll(ExtensionContext extension) throws Exception {
        folder = Files.createTempDirectory("scse-models");
        model = TestFixtures.tinyModel(folder.resolve("tiny.scse"));
        System.setProperty(InstalledModels.FOLDER_PROPERTY, folder.toString());
        context = FijiMacro.context();
    }

    @Override
    public void afterAll(ExtensionContext extension) throws IOException {
        context.dispose();
        System.clearProperty(InstalledModels.FOLDER_PROPERTY);
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }

    /** The installed model's file. */
    Path model() {
        return model;
    }

    /** Runs {@code command} from a macro options line, with {@code active} as the active image (may be null). */
    <C extends Command> C run(Class<C> command, String options, ImagePlus active) throws Exception {
        return FijiMacro.run(context, command, options, active);
    }
}
