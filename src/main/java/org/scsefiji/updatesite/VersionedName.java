package org.scsefiji.updatesite;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version-free name Fiji uses to recognise one file across releases: "jars/api-0.35.1.jar" and
 * "jars/api-0.36.0.jar" are both "jars/api.jar". The rule follows scijava-common's
 * {@code FileUtils.stripFilenameVersion}, so the generator pairs old and new files the way Fiji does:
 * only jars are affected, and a known classifier (e.g. "-linux-x86_64", "-natives-...") stays.
 */
public final class VersionedName {
    private static final String VERSION = "-\\d+(\\.\\d+|\\d{7})+[a-z]?\\d?(-[A-Za-z0-9.]+?|\\.GA)*?";
    private static final String PLATFORM = "(natives-)?(android|linux|macosx|macos|solaris|windows)-"
            + "(aarch64|amd64|arm64|armv6hf|armv6|arm|i386|i486|i586|i686|universal|x86[_-]32|x86[_-]64|x86)";
    private static final String CLASSIFIER = "-((swing|swt|shaded|sources|javadoc|natives?-?\\w*|" + PLATFORM + "))";
    private static final Pattern NAME = Pattern.compile(
            "(?<base>.+?)(?<version>" + VERSION + ")?(?<rest>(" + CLASSIFIER + ")?(\\.jar(-[a-z]*)?))");

    private VersionedName() {
    }

    /** The name without its version: "plugins/scSE_Fiji-0.1.0-SNAPSHOT.jar" gives "plugins/scSE_Fiji.jar". */
    public static String strip(String fijiPath) {
        Matcher m = NAME.matcher(fijiPath);
        return m.matches() ? m.group("base") + m.group("rest") : fijiPath;
    }
}
