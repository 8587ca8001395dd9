package org.scsefiji.updatesite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cuts a staged all-platforms native jar down to one Fiji platform: {@code jars/<platform>/X.jar} keeps its
 * classes and resources but only the natives of {@code <platform>}.
 * <p>
 * Why: ONNX Runtime's Maven jar holds the CPU natives of every OS (133 MB, two thirds of it debug symbols);
 * staged whole in {@code jars/}, every Fiji user would download all of them. The build instead copies it
 * into each {@code jars/<platform>/} (where Fiji's updater sends only that platform's files, as for PyTorch)
 * and this drops the other platforms' folders below {@link #ORT_NATIVES} and the debug symbols ({@code .pdb},
 * {@code .dSYM/}), which no loader reads. ONNX Runtime's loader ({@code ai.onnxruntime.OnnxRuntime}) reads
 * {@code ai/onnxruntime/native/<os>-<arch>/} as class-path resources, so the kept entries stay where they
 * were; they are copied raw by {@link JarRepack}.
 */
public final class PlatformNatives {
    /** Where ONNX Runtime's jar keeps its natives, one folder per {@code <os>-<arch>}. */
    static final String ORT_NATIVES = "ai/onnxruntime/native/";
    /** Fiji's platform folder names (those the stage has, see pom.xml) and ONNX Runtime's folder for each. */
    static final Map<String, String> ORT_FOLDER = Map.of("linux64", "linux-x64", "linux-arm64", "linux-aarch64",
            "macos-arm64", "osx-aarch64", "win64", "win-x64");

    private PlatformNatives() {
    }

    /** Usage: {@code PlatformNatives --stage DIR}: cuts every native jar in DIR/jars/&lt;platform&gt;/, printing what. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !args[0].equals("--stage")) throw new IllegalArgumentException("Usage: PlatformNatives --stage DIR");
        Path stage = Paths.get(args[1]);
        Path jars = stage.resolve("jars");
        if (!Files.isDirectory(jars)) throw new IOException("The stage folder " + jars + " does not exist.");
        List<Path> folders;
        try (Stream<Path> s = Files.list(jars)) {
            folders = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
        for (Path folder : folders) {
            for (Path jar : AutomaticModuleNames.jarsUnder(folder)) {
                long before = Files.size(jar);
                if (keepOnly(jar, folder.getFileName().toString())) {
                    System.out.printf("Natives of %s only: %s, %.1f -> %.1f MB%n", folder.getFileName(), stage.relativize(jar),
                            before / 1e6, Files.size(jar) / 1e6);
                }
            }
        }
    }

    /**
     * Rewrites {@code jar} to hold only {@code platform}'s natives below {@link #ORT_NATIVES}, without debug
     * symbols. Returns false, leaving the file untouched, for a jar without such natives or one already cut.
     * Fails, naming the jar, for an unknown platform or a jar without the natives of {@code platform}.
     */
    public static boolean keepOnly(Path jar, String platform) throws IOException {
        List<String> names = entryNames(jar);
        if (names.stream().noneMatch(n -> n.startsWith(ORT_NATIVES) && n.length() > ORT_NATIVES.length())) return false;
        String folder = ORT_FOLDER.get(platform);
        if (folder == null) {
            throw new IOException(jar + ": no ONNX Runtime natives are known for the Fiji platform '" + platform + "' (known: "
                    + new java.util.TreeSet<>(ORT_FOLDER.keySet()) + ")");
        }
        String own = ORT_NATIVES + folder + "/";
        if (names.stream().noneMatch(n -> n.startsWith(own) && !n.endsWith("/"))) {
            throw new IOException(jar + " has no natives in " + own + " for jars/" + platform + "/");
        }
        if (names.stream().allMatch(n -> keeps(n, own))) return false;
        JarRepack.rewrite(jar, null, n -> keeps(n, own));
        return true;
    }

    /**
     * Files below {@link #ORT_NATIVES} that are not {@code platform}'s; empty for a jar that is right for it.
     * With {@code platform} null (a jar in {@code jars/}, which every platform downloads), all of them.
     */
    static List<String> foreignNatives(Path jar, String platform) throws IOException {
        String folder = platform == null ? null : ORT_FOLDER.get(platform);
        String own = folder == null ? null : ORT_NATIVES + folder + "/";
        List<String> foreign = new ArrayList<>();
        for (String n : entryNames(jar)) {
            if (n.startsWith(ORT_NATIVES) && !n.endsWith("/") && (own == null || !n.startsWith(own))) foreign.add(n);
        }
        return foreign;
    }

    /** Everything outside the natives; below them, the own folder's files that are not debug symbols. */
    private static boolean keeps(String name, String own) {
        if (!name.startsWith(ORT_NATIVES) || name.equals(ORT_NATIVES)) return true;
        if (!name.startsWith(own)) return false;
        return !name.endsWith(".pdb") && !name.contains(".dSYM/");
    }

    private static List<String> entryNames(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e : Collections.list(zip.entries())) names.add(e.getName());
            return names;
        }
    }
}
