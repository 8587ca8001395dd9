package org.scsefiji.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds a model given as a file path or as the name of an installed model (e.g. "oct-relaynet-scse"). */
public final class ModelLocation {
    private ModelLocation() {
    }

    /**
     * @param nameOrPath a model file, or a model name looked up as NAME or NAME.scse in each folder
     * @param folders where installed models live (e.g. Fiji's models/ folder, ./models)
     */
    public static Path resolve(String nameOrPath, List<Path> folders) throws ModelFileException {
        Path direct = Path.of(nameOrPath);
        if (Files.isRegularFile(direct)) return direct;
        for (Path folder : folders) {
            for (String candidate : List.of(nameOrPath, nameOrPath + ModelFile.EXTENSION)) {
                Path p = folder.resolve(candidate);
                if (Files.isRegularFile(p)) return p;
            }
        }
        throw new ModelFileException(direct, "no such model file, and no installed model of that name in " + folders, null);
    }
}
