package com.remotefetch.admin.api;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The downloaded bytes could not be written on this computer (disk full, no permission, folder
 * gone). Unlike a network failure it says which file and why; what was already written stays in
 * the part file, so a retry with resume continues once the cause is fixed.
 */
public final class SaveException extends IOException {
    private final Path file;
    private final String reason;

    public SaveException(Path file, IOException cause) {
        super("cannot write " + file + ": " + reasonOf(cause), cause);
        this.file = file;
        this.reason = reasonOf(cause);
    }

    public Path file() {
        return file;
    }

    /** The operating system's words, e.g. "No space left on device". */
    public String reason() {
        return reason;
    }

    private static String reasonOf(IOException cause) {
        if (cause instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : cause.getClass().getSimpleName();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
