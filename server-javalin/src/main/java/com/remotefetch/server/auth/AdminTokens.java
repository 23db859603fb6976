package com.remotefetch.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slf4j.Logger;

/**
 * Named admins and the SHA-256 of their tokens; the tokens themselves are never stored. The file
 * holds {@code name:sha256hex} lines ({@code remotefetch-server.jar hash-admin-token NAME} prints
 * one). Every check hashes the offered token and compares it with every entry in constant time.
 */
public final class AdminTokens {
    private static final Logger log = LoggerFactory.getLogger(AdminTokens.class);

    private final byte[] envHash;
    private final Path file;
    /** Guarded by this. */
    private Map<String, byte[]> hashesByName;
    /** Guarded by this. */
    private long fileStamp;

    private AdminTokens(byte[] envHash, Path file, Map<String, byte[]> hashesByName, long fileStamp) {
        this.envHash = envHash;
        this.file = file;
        this.hashesByName = Map.copyOf(hashesByName);
        this.fileStamp = fileStamp;
    }

    public static AdminTokens none() {
        return new AdminTokens(null, null, Map.of(), 0);
    }

    /**
     * From the single-token env variable (admin "admin") and/or a file of named hashes. The file
     * is read again when it changes, so removing a line takes effect without a restart.
     */
    public static AdminTokens load(String envToken, Path file) throws IOException {
        byte[] envHash = envToken != null && !envToken.isBlank() ? sha256(envToken.trim()) : null;
        long stamp = file == null ? 0 : Files.getLastModifiedTime(file).toMillis();
        return new AdminTokens(envHash, file, read(envHash, file), stamp);
    }

    private static Map<String, byte[]> read(byte[] envHash, Path file) throws IOException {
        Map<String, byte[]> byName = new LinkedHashMap<>();
        if (envHash != null) {
            byName.put("admin", envHash);
        }
        if (file != null) {
            int n = 0;
            for (String line : Files.readAllLines(file)) {
                n++;
                String l = line.trim();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int colon = l.lastIndexOf(':');
                String hex = colon < 0 ? "" : l.substring(colon + 1).trim();
                if (colon <= 0 || !hex.matches("[0-9a-fA-F]{64}")) {
                    throw new IOException(file + " line " + n + ": expected name:sha256hex");
                }
                byName.put(l.substring(0, colon).trim(), HexFormat.of().parseHex(hex));
            }
        }
        return byName;
    }

    /** The current entries, read again if the file changed; a broken edit keeps the last good ones. */
    private synchronized Map<String, byte[]> current() {
        if (file == null) {
            return hashesByName;
        }
        try {
            long stamp = Files.getLastModifiedTime(file).toMillis();
            if (stamp != fileStamp) {
                hashesByName = Map.copyOf(read(envHash, file));
                fileStamp = stamp;
                log.info("admin tokens reloaded from {}: {} admins", file, hashesByName.size());
            }
        } catch (IOException e) {
            log.error("keeping the previous admin tokens: cannot read {}: {}", file, e.getMessage());
        }
        return hashesByName;
    }

    public boolean isEmpty() {
        return current().isEmpty();
    }

    public int size() {
        return current().size();
    }

    /** The admin's name, if the token is one of theirs. */
    public Optional<String> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        byte[] offered = sha256(token);
        String match = null;
        for (Map.Entry<String, byte[]> e : current().entrySet()) {
            if (MessageDigest.isEqual(offered, e.getValue())) {
                match = e.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
