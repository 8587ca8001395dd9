package org.scsefiji.updatesite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One {@code <plugin>} record of an update site index: a file's current version (none when the file was
 * removed, i.e. obsolete) and every earlier checksum. Earlier checksums are what lets Fiji update a
 * user's old copy; a checksum that is listed nowhere makes the file "locally modified" for good.
 */
public final class FileRecord {
    /** Fiji-relative path of the current version, e.g. "jars/api-0.35.1.jar". */
    public final String filename;
    /** Fiji sets the executable bit on install (launchers, scripts). */
    public final boolean executable;
    public final List<String> platforms;
    public final List<String> categories;
    /** Null when the file is obsolete (removed from the site). */
    public final Version version;
    public final List<PreviousVersion> previous;

    public FileRecord(String filename, boolean executable, List<String> platforms, List<String> categories,
            Version version, List<PreviousVersion> previous) {
        this.filename = Objects.requireNonNull(filename, "filename");
        this.executable = executable;
        this.platforms = copy(platforms);
        this.categories = copy(categories);
        this.version = version;
        this.previous = copy(previous);
    }

    public boolean isObsolete() {
        return version == null;
    }

    /** The version-free name that identifies this file across releases (see {@link VersionedName}). */
    public String key() {
        return VersionedName.strip(filename);
    }

    /** The newest timestamp anywhere in this record (version, previous versions, their obsoletion). */
    long latestTimestamp() {
        long t = version == null ? 0 : version.timestamp;
        for (PreviousVersion p : previous) t = Math.max(t, Math.max(p.timestamp, p.timestampObsolete));
        return t;
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    @Override
    public String toString() {
        return filename + (version == null ? " (obsolete)" : " " + version.checksum + "@" + version.timestamp)
                + ", " + previous.size() + " previous";
    }

    /** The {@code <version>} element: what a user downloads now. */
    public static final class Version {
        public final String checksum;
        /** yyyyMMddHHmmss; the file is stored on the site as {@code <filename>-<timestamp>}. */
        public final long timestamp;
        public final long filesize;
        /** Null when there is none. */
        public final String description;
        public final List<Dependency> dependencies;
        public final List<String> links;
        public final List<String> authors;

        public Version(String checksum, long timestamp, long filesize, String description,
                List<Dependency> dependencies, List<String> links, List<String> authors) {
            this.checksum = Objects.requireNonNull(checksum, "checksum");
            this.timestamp = timestamp;
            this.filesize = filesize;
            this.description = description;
            this.dependencies = copy(dependencies);
            this.links = copy(links);
            this.authors = copy(authors);
        }
    }

    /** A {@code <previous-version>} element: a checksum Fiji still recognises as an older release. */
    public static final class PreviousVersion {
        public final long timestamp;
        /** When it stopped being current; 0 if unknown. */
        public final long timestampObsolete;
        public final String checksum;
        /** The versioned file name it had, e.g. "jars/api-0.34.0.jar"; null if the same as the record's. */
        public final String filename;

        public PreviousVersion(long timestamp, long timestampObsolete, String checksum, String filename) {
            this.timestamp = timestamp;
            this.timestampObsolete = timestampObsolete;
            this.checksum = Objects.requireNonNull(checksum, "checksum");
            this.filename = filename;
        }
    }

    /** A {@code <dependency>} element: another file (version-free name) to install with this one. */
    public static final class Dependency {
        public final String filename;
        public final long timestamp;
        public final boolean overrides;

        public Dependency(String filename, long timestamp, boolean overrides) {
            this.filename = Objects.requireNonNull(filename, "filename");
            this.timestamp = timestamp;
            this.overrides = overrides;
        }
    }
}
