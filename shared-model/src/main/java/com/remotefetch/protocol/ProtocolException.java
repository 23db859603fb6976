package com.remotefetch.protocol;

/** A peer sent something that is not valid protocol: malformed, unknown, or out of order. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
