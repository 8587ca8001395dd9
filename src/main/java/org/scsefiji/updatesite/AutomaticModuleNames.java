package org.scsefiji.updatesite;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gives every staged jar whose {@code Automatic-Module-Name} is not a legal module name a legal one.
 * <p>
 * Why: Fiji-Latest's launcher puts {@code jars/<platform>/} on Java's module path, and the JVM refuses to
 * boot when one jar there has an invalid name ({@code FindException: ... is not a Java identifier}). DJL's
 * native jars declare e.g. {@code ai.djl.pytorch_native_cpu_linux-x86_64}; '-' is not allowed. Dropping the
 * attribute does not help: the name derived from the file name, {@code pytorch.native.cpu}, contains the
 * keyword {@code native}. The repair maps each character that cannot appear in a module name to '_'
 * ({@code ai.djl.pytorch_native_cpu_linux_x86_64}), which {@link ModuleDescriptor#newAutomaticModule}
 * then has to accept.
 * <p>
 * Only the manifest is rewritten; every other entry is copied raw ({@link JarRepack}: same compressed bytes, same order), so
 * DJL finds its natives under the same resource paths and the updater checksum, which ignores the manifest
 * ({@link UpdaterChecksum}), stays what it was. That is also why this must happen before the first
 * publication: a later manifest-only fix would not reach anyone who installed the broken jar.
 */
public final class AutomaticModuleNames {
    static final String ATTRIBUTE = "Automatic-Module-Name";

    private AutomaticModuleNames() {
    }

    /** Usage: {@code AutomaticModuleNames --stage DIR}: repairs every jar under DIR, printing what changed. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !args[0].equals("--stage")) {
            throw new IllegalArgumentException("Usage: AutomaticModuleNames --stage DIR");
        }
        Path stage = Paths.get(args[1]);
        for (Path jar : jarsUnder(stage)) {
            String before = declaredName(jar);
            if (repair(jar)) {
                System.out.println("Automatic-Module-Name " + before + " -> " + declaredName(jar) + " in "
                        + stage.relativize(jar));
            }
        }
    }

    /** Every *.jar below {@code dir}, sorted. */
    static List<Path> jarsUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("The stage folder " + dir + " does not exist.");
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar")).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The jar's Automatic-Module-Name, or null without a manifest or without the attribute. */
    static String declaredName(Path jar) throws IOException {
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest m = j.getManifest();
            return m == null ? null : m.getMainAttributes().getValue(ATTRIBUTE);
        }
    }

    /** True if {@code name} is a legal module name (no keyword segment, no '-', ...). */
    static boolean isLegal(String name) {
        try {
            ModuleDescriptor.newAutomaticModule(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code name} with each character that no module name may hold replaced by '_'; must then be legal. */
    static String legalized(String name) {
        StringBuilder s = new StringBuilder(name.length());
        for (char c : name.toCharArray()) s.append(c == '.' || Character.isJavaIdentifierPart(c) ? c : '_');
        String fixed = s.toString();
        if (!isLegal(fixed)) {
            throw new IllegalArgumentException("Automatic-Module-Name '" + name + "' cannot be repaired by replacing"
                    + " characters ('" + fixed + "' is still illegal, e.g. a keyword segment); map it by hand.");
        }
        return fixed;
    }

    /**
     * Rewrites {@code jar} in place with a legal Automatic-Module-Name if the declared one is illegal.
     * Returns false, leaving the file untouched, when there is nothing to repair.
     */
    public static boolean repair(Path jar) throws IOException {
        String declared = declaredName(jar);
        if (declared == null || isLegal(declared)) return false;
        String name;
        try {
            name = legalized(declared);
        } catch (IllegalArgumentException e) {
            throw new IOException(jar + ": " + e.getMessage(), e);
        }
        JarRepack.rewrite(jar, name, entry -> true);
        return true;
    }
}
