package com.remotefetch.admin.cli;

import com.remotefetch.admin.api.Failure;

/** Exit codes, one per kind of failure, so scripts can tell them apart. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int AGENT_TIMEOUT = 4;
    public static final int AGENT_ERROR = 5;
    public static final int AGENT_BUSY = 6;
    public static final int INTERRUPTED = 7;
    public static final int VERIFY_FAILED = 8;
    public static final int UNREACHABLE = 9;
    public static final int AUTH = 10;
    public static final int LOCAL_IO = 11;
    /** collect: some selected agents did not deliver a verified file. */
    public static final int SOME_FAILED = 12;

    private ExitCode() {
    }

    /** The exit code for each kind of failure, as {@code --help} lists them. */
    public static int of(Failure.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> NOT_FOUND;
            case AGENT_TIMEOUT -> AGENT_TIMEOUT;
            case AGENT_ERROR -> AGENT_ERROR;
            case AGENT_BUSY -> AGENT_BUSY;
            case INTERRUPTED, CANCELLED -> INTERRUPTED;
            case VERIFY_FAILED -> VERIFY_FAILED;
            case UNREACHABLE -> UNREACHABLE;
            case CREDENTIALS -> AUTH;
            case LOCAL_IO -> LOCAL_IO;
            case USAGE -> USAGE;
        };
    }
}
