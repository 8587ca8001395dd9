package org.scsefiji.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 checksums as lower case hex, the form bioimage.io's rdf.yaml and our provenance records hold them
 * (written on export, checked on import).
 */
public final class Sha256 {
    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        MessageDigest md = digest();
        md.update(bytes);
        return hex(md);
    }

    /** Of a file, read in chunks (a model file need not fit in memory twice). */
    public static String hex(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return hex(md);
    }

    private static String hex(MessageDigest md) {
        StringBuilder s = new StringBuilder(64);
        for (byte b : md.digest()) s.append(String.format("%02x", b));
        return s.toString();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
