package org.scsefiji.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Files written whole or not at all: written under a temporary name beside the target, then moved into
 * place, so that a crash or a killed process never leaves a half-written file under the final name.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * A hidden, unique name in the target's folder (the same file system, so the move is a rename), so that
     * parallel writers never clash. Create it with Files.newOutputStream, not createTempFile, whose
     * owner-only permissions would stay on the file after the move.
     */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    /** What writes a text file's content. */
    @FunctionalInterface
    public interface TextBody {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Writes a UTF-8 text file whole or not at all, creating its folder: {@code body} writes a temporary sibling,
     * which then replaces {@code target}. If {@code body} throws, {@code target} is left as it was and the
     * temporary file is removed.
     */
    public static void writeText(Path target, TextBody body) throws IOException {
        Path file = target.toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        Path temp = temporarySibling(file);
        try {
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                body.writeTo(w);
            }
            moveIntoPlace(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Moves {@code temp} over {@code target}: atomically where the file system can, else a plain replace. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
