package com.remotefetch.admin.api;

/** A download started but did not end with a verified, complete file. */
public final class TransferException extends Exception {
    /** What went wrong, so callers can word it and choose an exit code. */
    public enum Kind {
        INTERRUPTED, SIZE_MISMATCH, CHECKSUM_MISMATCH, CANCELLED
    }

    private final Kind kind;

    public TransferException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
