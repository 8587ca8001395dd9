package org.scsefiji.updatesite;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Refuses a staged Fiji tree that would break a user's Fiji; {@code mvn -Pupdate-site package} runs it
 * between staging and generating the site, so a broken tree is never published.
 * <ol>
 * <li>Every staged jar has a legal module name ({@link ModuleFinder}, the JVM's own rules).</li>
 * <li>Every {@code jars/<platform>/} boots a JVM the way Fiji-Latest's launcher starts Fiji
 * ({@code java --module-path=jars/<platform> -version}; Fiji's {@code config/jaunch/fiji.toml} puts only
 * that folder on the module path), and also with {@code --add-modules=ALL-MODULE-PATH}, which resolves
 * the modules as well.</li>
 * <li>Platform natives sit only in their {@code jars/<platform>/} ({@link PlatformNatives}): no jar in
 * {@code jars/} holds ONNX Runtime natives, and no {@code jars/<platform>/} jar holds another platform's.</li>
 * <li>No package is in two jars of {@code jars/} plus one {@code jars/<platform>/}: the launcher puts the folder on
 * the module path, and a package both there and on the class path would be served by one of them only.</li>
 * <li>The plugin jar holds no tooling: no class of {@link #TOOLING} (the CLI, {@code bench}, which starts
 * Python, and this generator live in target/scse.jar only) and no class naming one.</li>
 * </ol>
 */
public final class StageCheck {
    /** Packages (as jar paths) that stay out of the plugin jar; pom.xml's maven-jar-plugin excludes them. */
    public static final List<String> TOOLING = List.of("org/scsefiji/bench/", "org/scsefiji/cli/", "org/scsefiji/updatesite/");

    private StageCheck() {
    }

    /** Usage: {@code StageCheck --stage DIR}; fails listing every problem found. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !args[0].equals("--stage")) throw new IllegalArgumentException("Usage: StageCheck --stage DIR");
        Path stage = Paths.get(args[1]);
        List<String> problems = check(stage);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The staged tree " + stage + " would break Fiji:\n  " + String.join("\n  ", problems));
        }
        System.out.println("Stage check passed: " + AutomaticModuleNames.jarsUnder(stage).size() + " jars with legal module"
                + " names; platform natives only in their own jars/<platform>/, no package in two jars; the JVM boots with --module-path for " + platformFolders(stage).stream()
                .map(p -> "jars/" + p.getFileName()).collect(Collectors.joining(", "))
                + "; the plugin jar has no bench, CLI or update-site classes.");
    }

    /** Every problem of {@code stage}, in words that name the file; empty when the tree is fine. */
    public static List<String> check(Path stage) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path jar : AutomaticModuleNames.jarsUnder(stage)) {
            String p = moduleProblem(jar);
            if (p != null) problems.add(stage.relativize(jar) + ": not loadable from the module path: " + p);
        }
        for (Path dir : platformFolders(stage)) {
            for (List<String> flags : List.of(List.of("--module-path=" + dir), List.of("--module-path=" + dir,
                    "--add-modules=ALL-MODULE-PATH"))) {
                String p = bootProblem(flags);
                if (p != null) problems.add(stage.relativize(dir) + ": java " + String.join(" ", flags) + " -version fails: " + p);
            }
        }
        for (Path jar : jarsIn(stage.resolve("jars"))) {
            long natives = PlatformNatives.foreignNatives(jar, null).size();
            if (natives > 0) {
                problems.add(stage.relativize(jar) + " holds " + natives + " native files below " + PlatformNatives.ORT_NATIVES
                        + " for every platform; stage it per platform in jars/<platform>/ (PlatformNatives)");
            }
        }
        for (Path dir : platformFolders(stage)) {
            String platform = dir.getFileName().toString();
            for (Path jar : jarsIn(dir)) {
                List<String> foreign = PlatformNatives.foreignNatives(jar, platform);
                if (!foreign.isEmpty()) {
                    problems.add(stage.relativize(jar) + " holds natives of other platforms than " + platform + ", e.g. " + foreign.get(0));
                }
            }
            problems.addAll(sharedPackages(stage, dir));
        }
        for (Path jar : pluginJars(stage)) problems.addAll(toolingIn(jar, stage.relativize(jar).toString()));
        return problems;
    }

    /** A problem for each package that two jars of jars/ and {@code platformDir} both hold. */
    static List<String> sharedPackages(Path stage, Path platformDir) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Path> owner = new HashMap<>();
        List<Path> jars = new ArrayList<>(jarsIn(stage.resolve("jars")));
        jars.addAll(jarsIn(platformDir));
        for (Path jar : jars) {
            if (moduleProblem(jar) != null) continue; // reported above
            for (ModuleReference m : ModuleFinder.of(jar).findAll()) {
                for (String pkg : new TreeSet<>(m.descriptor().packages())) {
                    Path first = owner.putIfAbsent(pkg, jar);
                    if (first != null) {
                        problems.add("package " + pkg + " is in both " + stage.relativize(first) + " and " + stage.relativize(jar)
                                + " (" + stage.relativize(platformDir) + " goes on the module path, jars/ on the class path)");
                    }
                }
            }
        }
        return problems;
    }

    /** Why the JVM cannot derive a module from {@code jar}, or null if it can. */
    static String moduleProblem(Path jar) {
        try {
            ModuleFinder.of(jar).findAll();
            return null;
        } catch (FindException e) {
            StringBuilder why = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null) why.append(why.length() == 0 ? "" : " <- ").append(t.getMessage());
            }
            return why.toString();
        }
    }

    /** Starts this build's JVM with {@code flags} and -version; the error output if it does not exit 0. */
    static String bootProblem(List<String> flags) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-version");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "no answer within 120 s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while running " + command, e);
        }
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output.replace('\n', ' ');
    }

    /** Problems of the plugin jar {@code jar}: tooling classes, and classes that name a tooling package. */
    static List<String> toolingIn(Path jar, String shownAs) throws IOException {
        List<String> problems = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                String owned = toolingPackageOf(name);
                if (owned != null) {
                    if (!entry.isDirectory()) problems.add(shownAs + " contains tooling " + name);
                    continue;
                }
                if (!name.endsWith(".class")) continue;
                String named;
                try (InputStream in = zip.getInputStream(entry)) {
                    named = namedTooling(in.readAllBytes());
                }
                if (named != null) problems.add(shownAs + ": " + name + " refers to " + named + ", which is not in the plugin jar");
            }
        }
        return problems;
    }

    private static String toolingPackageOf(String entryName) {
        for (String t : TOOLING) if (entryName.startsWith(t)) return t;
        return null;
    }

    /**
     * The tooling package a class file refers to, or null. Class references sit in the constant pool as
     * modified UTF-8 internal names ("org/scsefiji/cli/Main", "Lorg/scsefiji/cli/Main;"), so a byte search
     * finds every one.
     */
    static String namedTooling(byte[] classFile) {
        String text = new String(classFile, StandardCharsets.ISO_8859_1);
        for (String t : TOOLING) if (text.contains(t)) return t;
        return null;
    }

    private static List<Path> platformFolders(Path stage) throws IOException {
        Path jars = stage.resolve("jars");
        if (!Files.isDirectory(jars)) return List.of();
        try (Stream<Path> s = Files.list(jars)) {
            return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
    }

    /** The jars directly in {@code dir} (not in its subfolders), sorted; none if it does not exist. */
    private static List<Path> jarsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar")).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<Path> pluginJars(Path stage) throws IOException {
        Path plugins = stage.resolve("plugins");
        if (!Files.isDirectory(plugins)) return List.of();
        try (Stream<Path> s = Files.list(plugins)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }
}
