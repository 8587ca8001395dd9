package org.scsefiji.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.scsefiji.batch.FolderBatch;

/**
 * The input of a Spark run, listed on the driver through Hadoop's file systems: a folder (its files matching the
 * file filter, as {@link FolderBatch} takes them), a glob ({@code hdfs:///scans/2024-*}{@code /*.vol}), an image
 * file, or a text file listing one path per line (blank lines and lines starting with # left out; relative paths
 * are relative to the list's folder, absolute ones without a scheme are on Hadoop's default file system,
 * {@code fs.defaultFS}, as everywhere in Hadoop). A file whose name matches the file filter is an image, any other file a
 * list.
 */
final class InputFiles {
    /** The files, fully qualified, in a stable order (sorted for folders and globs, as listed for lists). */
    final List<Path> files;
    /** The folder given, else null: the output must not be it. */
    final Path folder;

    private InputFiles(List<Path> files, Path folder) {
        this.files = files;
        this.folder = folder;
    }

    static InputFiles list(String input, String fileFilter, Configuration conf) throws IOException {
        Predicate<String> names = FolderBatch.nameFilter(fileFilter);
        Path p = HadoopFiles.qualified(input, conf);
        FileSystem fs = p.getFileSystem(conf);
        if (isGlob(input)) {
            FileStatus[] matched = fs.globStatus(p);
            List<Path> files = new ArrayList<>();
            if (matched != null) {
                for (FileStatus s : matched) {
                    if (s.isFile() && names.test(s.getPath().getName())) files.add(s.getPath());
                }
            }
            files.sort(null);
            return new InputFiles(files, null);
        }
        if (!fs.exists(p)) throw new IOException(input + ": no such file or folder");
        FileStatus status = fs.getFileStatus(p);
        if (status.isDirectory()) {
            List<Path> files = new ArrayList<>();
            for (FileStatus s : fs.listStatus(p)) {
                if (s.isFile() && names.test(s.getPath().getName())) files.add(s.getPath());
            }
            files.sort(null);
            return new InputFiles(files, p);
        }
        if (names.test(p.getName())) return new InputFiles(List.of(p), null);
        return new InputFiles(readList(p, fs), null);
    }

    private static List<Path> readList(Path list, FileSystem fs) throws IOException {
        List<Path> files = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(list), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) continue;
                Path p = new Path(t);
                if (!p.isAbsolute() && p.toUri().getScheme() == null) p = new Path(list.getParent(), t);
                files.add(p.getFileSystem(fs.getConf()).makeQualified(p));
            }
        }
        return files;
    }

    /** Hadoop's glob characters. */
    private static boolean isGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}
