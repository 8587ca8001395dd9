package org.scsefiji.imagej;

import ai.djl.Device;
import ij.IJ;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.scsefiji.bioimageio.BioImageIoModel;
import org.scsefiji.bioimageio.ModelLoader;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.ModelFileException;
import org.scsefiji.model.ModelLocation;
import org.scsefiji.model.ScseModel;

/**
 * The models a user can pick by name: the {@code *.scse} files in Fiji's {@code models/} folder (the
 * update site installs the shipped models there; training saves there by default). The system
 * property {@value #FOLDER_PROPERTY} points elsewhere (tests, shared installations). Checkpoints and
 * hidden files are not listed.
 */
public final class InstalledModels {
    public static final String FOLDER_PROPERTY = "scse.models.dir";
    private static final String CHECKPOINT_SUFFIX = "-checkpoint";

    private InstalledModels() {
    }

    /** The models folder (it may not exist yet), or null when the ImageJ folder is unknown. */
    public static Path folder() {
        String override = System.getProperty(FOLDER_PROPERTY);
        if (override != null && !override.isBlank()) return Paths.get(override);
        String ij = IJ.getDirectory("imagej");
        if (ij == null) ij = System.getProperty("ij.dir");
        return ij == null ? null : Paths.get(ij, "models");
    }

    /** Names of the installed models (file names without .scse), sorted. */
    public static List<String> names() {
        Path dir = folder();
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && n.toLowerCase(Locale.ROOT).endsWith(ModelFile.EXTENSION))
                    .map(n -> n.substring(0, n.length() - ModelFile.EXTENSION.length()))
                    .filter(n -> !n.endsWith(CHECKPOINT_SUFFIX))
                    .sorted(String.CASE_INSENSITIVE_ORDER)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The model file meant by {@code nameOrPath}: the path of a model file, or an installed model's name
     * (found as {@link ModelLocation} finds models, in {@link #folder()}).
     */
    public static Path resolve(String nameOrPath) {
        String text = nameOrPath == null ? "" : nameOrPath.trim();
        if (text.isEmpty()) throw new IllegalArgumentException("No model chosen. " + available());
        Path file = Paths.get(text);
        if (Files.isDirectory(file) && !BioImageIoModel.isPackage(file)) {
            throw new IllegalArgumentException("model: " + file + " is a folder; give a model file (" + ModelFile.EXTENSION
                    + ") or a bioimage.io package (.zip, or a folder with rdf.yaml)");
        }
        Path dir = folder();
        try {
            return ModelLocation.resolve(text, dir == null ? List.of() : List.of(dir));
        } catch (ModelFileException e) {
            throw new IllegalArgumentException("No model named '" + text + "'. " + available());
        }
    }

    /**
     * Where a new model goes: {@code save_as} is either a name (saved as NAME.scse in the models folder)
     * or a file path (".scse" added when missing).
     */
    public static Path target(String saveAs) {
        String text = saveAs == null ? "" : saveAs.trim();
        if (text.isEmpty()) throw new IllegalArgumentException("save_as is empty: give a name for the new model, or a file path");
        if (!text.toLowerCase(Locale.ROOT).endsWith(ModelFile.EXTENSION)) text += ModelFile.EXTENSION;
        if (looksLikePath(text.substring(0, text.length() - ModelFile.EXTENSION.length()))) return Paths.get(text);
        Path dir = folder();
        if (dir == null) throw new IllegalArgumentException("save_as: the ImageJ folder is unknown, so give a full file path instead of a name");
        return dir.resolve(text);
    }

    /** Loads a model on the chosen device and logs which device runs it (never claim a GPU not in use). */
    public static ScseModel load(Path file, DeviceChoice choice, String title) throws ModelFileException {
        Device device = TorchEngine.device(choice);
        ScseModel model = ModelLoader.load(file, device);
        IJ.log(title + ": model " + file.getFileName() + " on " + TorchEngine.describe(device));
        if (model.provenance().get(BioImageIoModel.IMPORTED_FROM) != null) IJ.log(title + ": " + model.network().describe());
        return model;
    }

    private static boolean looksLikePath(String text) {
        return text.contains("/") || text.contains("\\") || text.toLowerCase(Locale.ROOT).endsWith(ModelFile.EXTENSION);
    }

    private static String available() {
        Path dir = folder();
        List<String> names = new ArrayList<>(names());
        if (dir == null) return "Give the path of a model file (" + ModelFile.EXTENSION + ").";
        return (names.isEmpty() ? "No models are installed in " + dir : "Installed models (in " + dir + "): " + String.join(", ", names))
                + "; or give the path of a model file (" + ModelFile.EXTENSION + ").";
    }
}
