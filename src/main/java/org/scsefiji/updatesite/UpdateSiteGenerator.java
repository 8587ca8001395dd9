package org.scsefiji.updatesite;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a staged Fiji.app-like tree (plugins/, jars/, jars/&lt;platform&gt;/, models/, macros/) into an update
 * site: each new or changed file is copied to {@code <site>/<path>-<timestamp>}, and {@code db.xml.gz} is
 * written with the history of the previous index carried forward (fiji.md section 8, previous-version rule).
 * Files whose checksum did not change keep their old record and timestamp and are not copied again, so the
 * site directory holds only what must be uploaded; uploads add files and never delete older ones.
 */
public final class UpdateSiteGenerator {
    /** Category of the plugin jar in Fiji's updater. */
    public static final String PLUGIN_CATEGORY = "Segmentation";
    /** Platform folder names the updater knows (jars/&lt;platform&gt;/ and lib/&lt;platform&gt;/). */
    static final List<String> PLATFORMS = Arrays.asList("linux32", "linux64", "linux-arm64", "linuxx", "macos64",
            "macos-arm64", "macosx", "win32", "win64", "win-arm64", "winx");
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);
    /** Characters that survive Fiji's download URL (it only escapes spaces). */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._+ /-]+");

    private static final String USAGE = "Usage: UpdateSiteGenerator --stage DIR --site DIR [--timestamp yyyyMMddHHmmss]"
            + " [--previous db.xml.gz]\n"
            + "  --stage      a Fiji.app-like tree: plugins/, jars/, jars/<platform>/, models/, macros/\n"
            + "  --site       output folder: the files to upload and the new db.xml.gz\n"
            + "  --timestamp  the build time in UTC (default: now)\n"
            + "  --previous   the published index whose history is carried forward (default: <site>/db.xml.gz)";

    private UpdateSiteGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = parseOptions(args);
        Path stage = Paths.get(options.get("--stage"));
        Path site = Paths.get(options.get("--site"));
        long timestamp = options.containsKey("--timestamp") ? parseTimestamp(options.get("--timestamp")) : now();
        Path previousFile = options.containsKey("--previous") ? Paths.get(options.get("--previous"))
                : site.resolve(UpdateSiteIndex.FILE_NAME);
        UpdateSiteIndex previous;
        if (Files.isRegularFile(previousFile)) {
            previous = UpdateSiteIndex.read(previousFile);
            System.out.println("History from " + previousFile + " (" + previous.records().size() + " records)");
        } else {
            previous = UpdateSiteIndex.empty();
            System.out.println("No previous index at " + previousFile + ": this is a new site without history.");
        }
        Result result = generate(stage, site, timestamp, previous);
        result.print(System.out);
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!Arrays.asList("--stage", "--site", "--timestamp", "--previous").contains(key) || i + 1 >= args.length) {
                throw new IllegalArgumentException("Unexpected argument '" + key + "'.\n" + USAGE);
            }
            options.put(key, args[++i]);
        }
        if (!options.containsKey("--stage") || !options.containsKey("--site")) {
            throw new IllegalArgumentException("--stage and --site are required.\n" + USAGE);
        }
        return options;
    }

    /** Parses a 14-digit yyyyMMddHHmmss timestamp, rejecting impossible dates. */
    public static long parseTimestamp(String text) {
        try {
            TIMESTAMP.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Timestamp '" + text + "' is not a valid yyyyMMddHHmmss date.", e);
        }
        return Long.parseLong(text);
    }

    /** The current time in UTC as yyyyMMddHHmmss. */
    public static long now() {
        return Long.parseLong(TIMESTAMP.format(Instant.now()));
    }

    /**
     * Builds the site for {@code stage} in {@code site} at build time {@code timestamp}, carrying the history of
     * {@code previous}, and writes {@code site/db.xml.gz}.
     */
    public static Result generate(Path stage, Path site, long timestamp, UpdateSiteIndex previous) throws IOException {
        if (site.toAbsolutePath().normalize().startsWith(stage.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("The site folder " + site + " must not be inside the stage " + stage + ".");
        }
        List<String> paths = stagedPaths(stage);
        long latest = previous.records().stream().mapToLong(FileRecord::latestTimestamp).max().orElse(0);
        if (timestamp <= latest) {
            throw new IllegalArgumentException("The build time " + timestamp + " is not later than the previous index ("
                    + latest + "); Fiji orders versions by time, so use a later --timestamp.");
        }
        Map<String, FileRecord> oldByKey = new LinkedHashMap<>();
        for (FileRecord r : previous.records()) {
            if (oldByKey.put(r.key(), r) != null) {
                throw new IOException("The previous index lists " + r.key() + " twice; fix it by hand first.");
            }
        }
        Result result = new Result(timestamp);
        Map<String, FileRecord> records = new LinkedHashMap<>();
        // Libraries first, so that the plugin's dependency list can name their timestamps.
        List<String> ordered = new ArrayList<>(paths);
        ordered.sort((a, b) -> Boolean.compare(isPlugin(a), isPlugin(b)));
        for (String path : ordered) {
            FileRecord old = oldByKey.remove(VersionedName.strip(path));
            FileRecord record = stageOne(stage, site, path, old, records, result);
            records.put(path, record);
        }
        for (FileRecord old : oldByKey.values()) {
            records.put(old.filename, old.isObsolete() ? old : obsolete(old, timestamp));
            if (!old.isObsolete()) result.removed.add(old.filename);
        }
        result.index = new UpdateSiteIndex(records.values());
        result.index.writeAtomically(site.resolve(UpdateSiteIndex.FILE_NAME));
        return result;
    }

    private static FileRecord stageOne(Path stage, Path site, String path, FileRecord old,
            Map<String, FileRecord> recordsSoFar, Result result) throws IOException {
        Path file = stage.resolve(path);
        String checksum = UpdaterChecksum.of(path, file);
        if (old != null && old.version != null && old.version.checksum.equals(checksum) && old.filename.equals(path)) {
            result.unchanged.add(path);
            return old;
        }
        long t = result.timestamp;
        List<FileRecord.PreviousVersion> history = new ArrayList<>(old == null ? Collections.emptyList() : old.previous);
        if (old != null && old.version != null) {
            history.add(new FileRecord.PreviousVersion(old.version.timestamp, t, old.version.checksum, old.filename));
        }
        FileRecord.Version was = old == null ? null : old.version;
        long size = Files.size(file);
        FileRecord.Version version = new FileRecord.Version(checksum, t, size, was == null ? null : was.description,
                isPlugin(path) ? dependencies(recordsSoFar) : Collections.emptyList(),
                was == null ? null : was.links, was == null ? null : was.authors);
        Path copy = site.resolve(path + "-" + t);
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        result.bytesCopied += size;
        (old == null || old.isObsolete() ? result.added : result.updated).add(path);
        List<String> platform = platformOf(path);
        return new FileRecord(path, false, platform,
                isPlugin(path) ? Collections.singletonList(PLUGIN_CATEGORY) : Collections.emptyList(), version, history);
    }

    private static FileRecord obsolete(FileRecord old, long timestamp) {
        List<FileRecord.PreviousVersion> history = new ArrayList<>(old.previous);
        history.add(new FileRecord.PreviousVersion(old.version.timestamp, timestamp, old.version.checksum, old.filename));
        return new FileRecord(old.filename, old.executable, old.platforms, old.categories, null, history);
    }

    /** The plugin needs every platform-independent library in jars/ (version-free names, as Fiji writes them). */
    private static List<FileRecord.Dependency> dependencies(Map<String, FileRecord> libraries) {
        List<FileRecord.Dependency> deps = new ArrayList<>();
        for (FileRecord r : libraries.values()) {
            String[] parts = r.filename.split("/");
            if (parts.length == 2 && parts[0].equals("jars") && parts[1].endsWith(".jar")) {
                deps.add(new FileRecord.Dependency(r.key(), r.version.timestamp, false));
            }
        }
        return deps;
    }

    static boolean isPlugin(String path) {
        return path.startsWith("plugins/") && path.endsWith(".jar");
    }

    /** "jars/linux64/x.jar" belongs to linux64; files outside a platform folder to every platform. */
    static List<String> platformOf(String path) {
        String[] parts = path.split("/");
        boolean platformFolder = parts.length >= 3 && (parts[0].equals("jars") || parts[0].equals("lib"))
                && PLATFORMS.contains(parts[1]);
        return platformFolder ? Collections.singletonList(parts[1]) : Collections.emptyList();
    }

    /** Fiji-relative paths ('/'-separated, sorted) of the regular files in {@code stage}; dot-files are skipped. */
    static List<String> stagedPaths(Path stage) throws IOException {
        if (!Files.isDirectory(stage)) throw new IOException("The stage folder " + stage + " does not exist.");
        List<String> paths;
        try (Stream<Path> walk = Files.walk(stage)) {
            paths = walk.filter(Files::isRegularFile)
                    .map(p -> stage.relativize(p))
                    .filter(rel -> {
                        for (Path part : rel) if (part.toString().startsWith(".")) return false;
                        return true;
                    })
                    .map(rel -> rel.toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (paths.isEmpty()) throw new IOException("The stage folder " + stage + " contains no files.");
        Map<String, String> byKey = new HashMap<>();
        for (String p : paths) {
            if (!SAFE_PATH.matcher(p).matches()) {
                throw new IOException("Staged file '" + p + "' has characters Fiji cannot download; use letters, "
                        + "digits, '.', '_', '+', '-', ' ' only.");
            }
            String other = byKey.put(VersionedName.strip(p), p);
            if (other != null) {
                throw new IOException("Two versions of one file are staged: " + other + " and " + p + ". Keep one.");
            }
        }
        return paths;
    }

    /** What one generation did. */
    public static final class Result {
        public final long timestamp;
        public final List<String> added = new ArrayList<>();
        public final List<String> updated = new ArrayList<>();
        public final List<String> unchanged = new ArrayList<>();
        public final List<String> removed = new ArrayList<>();
        public long bytesCopied;
        public UpdateSiteIndex index;

        Result(long timestamp) {
            this.timestamp = timestamp;
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "Update site index with %d records, build time %d (UTC): %d new, %d updated, "
                            + "%d unchanged, %d removed; %.1f MB to upload.%n", index.records().size(), timestamp,
                    added.size(), updated.size(), unchanged.size(), removed.size(), bytesCopied / 1e6);
            added.forEach(p -> out.println("  new      " + p));
            updated.forEach(p -> out.println("  updated  " + p));
            removed.forEach(p -> out.println("  removed  " + p));
        }
    }
}
