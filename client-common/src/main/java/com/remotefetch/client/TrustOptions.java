package com.remotefetch.client;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The command-line options that say how to trust the server, written once for the agent and the
 * admin CLI ({@code @Mixin TrustOptions trust}).
 */
public final class TrustOptions {
    @Option(names = "--ca-file", description = "Extra PEM CA certificates to trust for the server.")
    Path caFile;

    @Option(names = "--pin-sha256", description = "Pin the server's public key (base64 SHA-256).")
    String pin;

    /** The extra CA file, or null. */
    public Path caFile() {
        return caFile;
    }

    /** The pinned key, or null. */
    public String pin() {
        return pin;
    }

    public TlsTrust trust() {
        return new TlsTrust(caFile, pin);
    }
}
