package com.remotefetch.admin.cli;

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

    private ExitCode() {
    }

    public static int forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 408 -> AGENT_TIMEOUT;
            case 503 -> AGENT_BUSY;
            case 401, 403, 429 -> AUTH;
            case 416 -> USAGE;
            default -> AGENT_ERROR;
        };
    }
}
