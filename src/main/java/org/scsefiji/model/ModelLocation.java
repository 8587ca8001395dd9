package org.scsefiji.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds a model given as a file path or as the name of an installed model (e.g. "oct-relaynet-scse"). */
public final class ModelLocation {
    private ModelLocation() {
    }

    /**
     * @param nameOrPath a model file (or a folder holding a bioimage.io package's rdf.yaml), or a model name looked up as NAME or NAME.scse in each folder
     * @param folders where installed models live (e.g. Fiji's models/ folder, ./models)
     */
    public static Path resolve(String nameOrPath, List<Path> folders) throws ModelFileException {
        Path direct = Path.of(nameOrPath);
        // a file, or a bioimage.io package unpacked into a folder
        if (Files.isRegularFile(direct) || Files.isRegularFile(direct.resolve("rdf.yaml"))) return direct;
        for (Path folder : folders) {
            for (String candidate : List.of(nameOrPath, nameOrPath + ModelFile.EXTENSION)) {
                Path p = folder.resolve(candidate);
                if (Files.isRegularFile(p)) return p;
            }
        }
        throw new ModelFileException(direct, "no such model file, and no installed model of that name in " + folders, null);
    }
}
