package org.scsefiji.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.scsefiji.io.FileNames;

/**
 * Pairs images with label images by file name.
 * <ul>
 * <li>One folder: {@code X.tif} pairs with {@code X_labels.tif}.</li>
 * <li>Two folders: {@code images/X.tif} pairs with {@code labels/X.tif} or {@code labels/X_labels.tif}.</li>
 * </ul>
 * Only {@value #EXTENSIONS_TEXT} files count (extensions may differ within a pair); hidden files and
 * other files (notes, tables) are left alone. An image without labels, labels without an image, two
 * candidates for one name and an empty folder are errors naming the file. Pairs come sorted by name.
 */
public final class PairFinder {
    public static final String LABEL_SUFFIX = "_labels";
    static final String EXTENSIONS_TEXT = ".tif, .tiff, .png";
    private static final List<String> EXTENSIONS = List.of(".tif", ".tiff", ".png");

    private PairFinder() {
    }

    /** @param labels the label folder, or null / the same folder for the one-folder rule */
    public static List<ImagePair> find(Path images, Path labels) throws TrainingDataException {
        List<String> problems = new ArrayList<>();
        requireFolder(images, "Image folder", problems);
        boolean oneFolder = labels == null || sameFolder(images, labels);
        if (!oneFolder) requireFolder(labels, "Label folder", problems);
        if (!problems.isEmpty()) throw new TrainingDataException(problems);
        List<ImagePair> pairs = oneFolder ? oneFolder(images, problems) : twoFolders(images, labels, problems);
        if (!problems.isEmpty()) throw new TrainingDataException(problems);
        return pairs;
    }

    private static List<ImagePair> oneFolder(Path folder, List<String> problems) throws TrainingDataException {
        Map<String, Path> images = new TreeMap<>();
        Map<String, Path> labels = new TreeMap<>();
        for (Path f : imageFiles(folder, problems)) {
            String base = baseName(f);
            if (base.endsWith(LABEL_SUFFIX)) {
                put(labels, base.substring(0, base.length() - LABEL_SUFFIX.length()), f, problems);
            } else {
                put(images, base, f, problems);
            }
        }
        if (images.isEmpty() && labels.isEmpty()) problems.add(emptyFolder(folder));
        List<ImagePair> pairs = new ArrayList<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            Path l = labels.get(e.getKey());
            if (l == null) {
                problems.add(e.getValue() + ": no label image for it (expected " + e.getKey() + LABEL_SUFFIX
                        + extension(e.getValue()) + " in the same folder)");
            } else {
                pairs.add(new ImagePair(e.getKey(), e.getValue(), l));
            }
        }
        for (Map.Entry<String, Path> e : labels.entrySet()) {
            if (!images.containsKey(e.getKey())) {
                problems.add(e.getValue() + ": label image without an image (expected " + e.getKey()
                        + extension(e.getValue()) + " in the same folder)");
            }
        }
        return pairs;
    }

    private static List<ImagePair> twoFolders(Path imageFolder, Path labelFolder, List<String> problems)
            throws TrainingDataException {
        Map<String, Path> images = new TreeMap<>();
        for (Path f : imageFiles(imageFolder, problems)) put(images, baseName(f), f, problems);
        Map<String, Path> labelFiles = new TreeMap<>();
        for (Path f : imageFiles(labelFolder, problems)) put(labelFiles, baseName(f), f, problems);
        if (images.isEmpty()) problems.add(emptyFolder(imageFolder));
        if (labelFiles.isEmpty()) problems.add(emptyFolder(labelFolder));
        List<ImagePair> pairs = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            String name = e.getKey();
            Path same = labelFiles.get(name);
            Path suffixed = labelFiles.get(name + LABEL_SUFFIX);
            if (same != null && suffixed != null) {
                problems.add(e.getValue() + ": two label images match it (" + same.getFileName() + " and "
                        + suffixed.getFileName() + " in " + labelFolder + "); keep one");
            } else if (same == null && suffixed == null) {
                problems.add(e.getValue() + ": no label image for it (expected " + name + extension(e.getValue()) + " or "
                        + name + LABEL_SUFFIX + extension(e.getValue()) + " in " + labelFolder + ")");
            } else {
                Path l = same != null ? same : suffixed;
                used.add(baseName(l));
                pairs.add(new ImagePair(name, e.getValue(), l));
            }
        }
        for (Map.Entry<String, Path> e : labelFiles.entrySet()) {
            if (!used.contains(e.getKey()) && !images.isEmpty()) {
                problems.add(e.getValue() + ": label image without an image (no " + stripSuffix(e.getKey())
                        + " image in " + imageFolder + ")");
            }
        }
        return pairs;
    }

    private static void put(Map<String, Path> map, String key, Path file, List<String> problems) {
        Path old = map.putIfAbsent(key, file);
        if (old != null) {
            problems.add(file + ": has the same name as " + old.getFileName() + " (only the extension differs); keep one");
        }
    }

    private static List<Path> imageFiles(Path folder, List<String> problems) throws TrainingDataException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = new ArrayList<>();
            s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !extension(f).isEmpty())
                    .sorted()
                    .forEach(files::add);
            return files;
        } catch (IOException e) {
            throw new TrainingDataException(folder + ": cannot be listed (" + e.getMessage() + ")");
        }
    }

    private static void requireFolder(Path folder, String what, List<String> problems) {
        if (folder == null) {
            problems.add(what + " is not set");
        } else if (!Files.isDirectory(folder)) {
            problems.add(folder + ": " + what.toLowerCase(Locale.ROOT) + " does not exist or is not a folder");
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static String emptyFolder(Path folder) {
        return folder + ": contains no images (" + EXTENSIONS_TEXT + ")";
    }

    /** The lower-case extension if it is one we read, else "". */
    static String extension(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) {
            if (n.endsWith(e) && n.length() > e.length()) return f.getFileName().toString().substring(n.length() - e.length());
        }
        return "";
    }

    static String baseName(Path f) {
        return FileNames.baseName(f);
    }

    private static String stripSuffix(String base) {
        return base.endsWith(LABEL_SUFFIX) ? base.substring(0, base.length() - LABEL_SUFFIX.length()) : base;
    }
}
