package org.scsefiji.updatesite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The checksum the Fiji updater compares against a user's local file (fiji.md section 8). It is not a
 * plain SHA-1: for jars it hashes a canonical form so that rebuilding unchanged sources (new timestamps,
 * other compression, a new date comment in pom.properties, another Built-By) keeps the same checksum.
 * <ul>
 * <li>Other files: SHA-1 over the ASCII bytes of the Fiji-relative path, then the file bytes.</li>
 * <li>Jars (the path is not hashed): every entry, directories included, sorted by {@link String#compareTo}
 * of its name; per entry the ASCII name, then the content. In {@code *.properties} entries each line
 * starting with '#' becomes a bare "\n". {@code META-INF/MANIFEST.MF} contributes its name only: upstream
 * meant to keep the Main-Class line but compares an upper-cased line with "Main-Class:", so nothing
 * survives.</li>
 * </ul>
 * Lower-case hex, 40 digits.
 */
public final class UpdaterChecksum {
    static final String MANIFEST = "META-INF/MANIFEST.MF";

    private UpdaterChecksum() {
    }

    /** The checksum of {@code file}, which sits at {@code fijiPath} (e.g. "jars/api-0.35.1.jar") in Fiji.app. */
    public static String of(String fijiPath, Path file) throws IOException {
        return fijiPath.endsWith(".jar") ? ofJar(file) : ofPlainFile(fijiPath, file);
    }

    static String ofPlainFile(String fijiPath, Path file) throws IOException {
        MessageDigest sha1 = sha1();
        sha1.update(fijiPath.getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = Files.newInputStream(file)) {
            feed(in, sha1);
        }
        return hex(sha1.digest());
    }

    static String ofJar(Path jar) throws IOException {
        MessageDigest sha1 = sha1();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
            entries.sort(Comparator.comparing(ZipEntry::getName));
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                sha1.update(name.getBytes(StandardCharsets.US_ASCII));
                if (name.equals(MANIFEST)) continue;
                try (InputStream in = zip.getInputStream(entry)) {
                    if (name.endsWith(".properties")) {
                        sha1.update(withoutCommentLines(in.readAllBytes()));
                    } else {
                        feed(in, sha1);
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(jar + " is not a readable jar file: " + e.getMessage(), e);
        }
        return hex(sha1.digest());
    }

    /**
     * Each line that starts with '#' becomes "\n"; a comment on a last line without '\n' vanishes.
     * Byte for byte what upstream's SkipHashedLines does, quirks included: a line that is empty, or is just
     * '#' characters, leaves the reader "not at a line start", so a comment on the line after it is kept.
     */
    static byte[] withoutCommentLines(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        boolean atLineStart = true;
        int i = 0;
        while (i < in.length) {
            int ch = in[i++] & 0xff;
            if (!atLineStart) {
                if (ch == '\n') atLineStart = true;
                out.write(ch);
            } else if (ch != '#') {
                atLineStart = false;
                out.write(ch);
            } else {
                while (i < in.length && in[i] == '#') i++;
                if (i < in.length && in[i] == '\n') {
                    atLineStart = false;
                } else {
                    while (i < in.length && in[i] != '\n') i++;
                }
                if (i == in.length) break;
                i++;
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static void feed(InputStream in, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) digest.update(buffer, 0, n);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-1", e);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        return s.toString();
    }
}
