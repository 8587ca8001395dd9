package org.scsefiji.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.scsefiji.io.AtomicFiles;

/**
 * Files through Hadoop's {@link FileSystem}s ({@code file:}, {@code hdfs:}, {@code s3a:} ... where the cluster has
 * the connector). Local files ({@code file:}) are read and written with java.nio exactly as the command line does
 * ({@link AtomicFiles}); other file systems are staged: copied to a local temporary file to read, and uploaded
 * under a hidden temporary name beside the target, then renamed, so that no half-written file ever carries a
 * final name.
 */
final class HadoopFiles {
    private HadoopFiles() {
    }

    /** Whether {@code p} is on this machine's file system, where java.nio can read and write it directly. */
    static boolean isLocal(Path p) {
        return "file".equals(p.toUri().getScheme());
    }

    static java.nio.file.Path local(Path p) {
        return Paths.get(p.toUri());
    }

    /** {@code p} with its file system's scheme and authority, relative to its working folder. */
    static Path qualified(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(conf).makeQualified(p);
    }

    /** The file's bytes (a model file is small). */
    static byte[] readAll(Path file, Configuration conf) throws IOException {
        if (isLocal(file)) return Files.readAllBytes(local(file));
        try (InputStream in = file.getFileSystem(conf).open(file)) {
            return in.readAllBytes();
        }
    }

    /** A local copy of {@code file} in {@code folder}, under the same name (output names derive from it). */
    static java.nio.file.Path copyToLocal(Path file, java.nio.file.Path folder, Configuration conf) throws IOException {
        java.nio.file.Path copy = folder.resolve(file.getName());
        try (InputStream in = file.getFileSystem(conf).open(file)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    /** Puts the local file {@code source} at {@code target}, whole or not at all. */
    static void publish(java.nio.file.Path source, Path target, Configuration conf) throws IOException {
        if (isLocal(target)) {
            java.nio.file.Path t = local(target);
            java.nio.file.Path temp = AtomicFiles.temporarySibling(t);
            try {
                Files.copy(source, temp);
                AtomicFiles.moveIntoPlace(temp, t);
            } finally {
                Files.deleteIfExists(temp);
            }
            return;
        }
        FileSystem fs = target.getFileSystem(conf);
        Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(temp, true)) {
                Files.copy(source, out);
            }
            // Hadoop's rename never replaces: an existing target (a re-run with overwrite) goes first.
            if (fs.exists(target)) fs.delete(target, false);
            if (!fs.rename(temp, target)) throw new IOException("could not rename " + temp + " to " + target);
        } finally {
            if (fs.exists(temp)) fs.delete(temp, false);
        }
    }

    /** The driver's Hadoop settings (e.g. spark.hadoop.fs.s3a.* credentials), serialisable for the executors. */
    static final class Conf implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, String> values = new HashMap<>();

        Conf(Configuration conf) {
            conf.forEach(e -> values.put(e.getKey(), e.getValue()));
        }

        /** These settings over Hadoop's defaults. */
        Configuration get() {
            Configuration conf = new Configuration();
            values.forEach(conf::set);
            return conf;
        }
    }
}
