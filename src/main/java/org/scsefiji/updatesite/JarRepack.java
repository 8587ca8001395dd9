package org.scsefiji.updatesite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.scsefiji.io.AtomicFiles;

/**
 * The one way the update-site build re-packs a staged jar: every kept entry is copied raw (same compressed
 * bytes, same order), so resource paths and the updater checksum of what is kept do not change, and nothing
 * is recompressed (the native jars are 40-140 MB). Used by {@link AutomaticModuleNames} (new manifest name)
 * and {@link PlatformNatives} (drops other platforms' natives).
 */
final class JarRepack {
    private JarRepack() {
    }

    /**
     * Rewrites {@code jar} in place, atomically: only the entries {@code keep} accepts, and, if
     * {@code moduleName} is not null, a manifest whose {@code Automatic-Module-Name} is {@code moduleName}.
     */
    static void rewrite(Path jar, String moduleName, Predicate<String> keep) throws IOException {
        Path temp = AtomicFiles.temporarySibling(jar);
        try (ZipFile in = ZipFile.builder().setPath(jar).get();
             OutputStream file = Files.newOutputStream(temp);
             ZipArchiveOutputStream out = new ZipArchiveOutputStream(file)) {
            for (ZipArchiveEntry entry : Collections.list(in.getEntriesInPhysicalOrder())) {
                if (!keep.test(entry.getName())) continue;
                if (moduleName != null && entry.getName().equals(UpdaterChecksum.MANIFEST)) {
                    byte[] manifest = withName(in, entry, moduleName);
                    ZipArchiveEntry copy = new ZipArchiveEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    copy.setMethod(ZipEntry.DEFLATED);
                    out.putArchiveEntry(copy);
                    out.write(manifest);
                    out.closeArchiveEntry();
                } else {
                    try (InputStream raw = in.getRawInputStream(entry)) {
                        out.addRawArchiveEntry(entry, raw);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        AtomicFiles.moveIntoPlace(temp, jar);
    }

    private static byte[] withName(ZipFile in, ZipArchiveEntry entry, String name) throws IOException {
        Manifest manifest;
        try (InputStream s = in.getInputStream(entry)) {
            manifest = new Manifest(s);
        }
        manifest.getMainAttributes().put(new Attributes.Name(AutomaticModuleNames.ATTRIBUTE), name);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        manifest.write(bytes);
        return bytes.toByteArray();
    }
}
