package org.scsefiji.io;

import java.io.IOException;
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

    /** Moves {@code temp} over {@code target}: atomically where the file system can, else a plain replace. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
