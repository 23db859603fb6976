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

/**
 * Named admins and the SHA-256 of their tokens; the tokens themselves are never stored. The file
 * holds {@code name:sha256hex} lines ({@code remotefetch-server.jar hash-admin-token NAME} prints
 * one). Every check hashes the offered token and compares it with every entry in constant time.
 */
public final class AdminTokens {
    private final Map<String, byte[]> hashesByName;

    private AdminTokens(Map<String, byte[]> hashesByName) {
        this.hashesByName = Map.copyOf(hashesByName);
    }

    public static AdminTokens none() {
        return new AdminTokens(Map.of());
    }

    /** From the single-token env variable (admin "admin") and/or a file of named hashes. */
    public static AdminTokens load(String envToken, Path file) throws IOException {
        Map<String, byte[]> byName = new LinkedHashMap<>();
        if (envToken != null && !envToken.isBlank()) {
            byName.put("admin", sha256(envToken.trim()));
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
        return new AdminTokens(byName);
    }

    public boolean isEmpty() {
        return hashesByName.isEmpty();
    }

    public int size() {
        return hashesByName.size();
    }

    /** The admin's name, if the token is one of theirs. */
    public Optional<String> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        byte[] offered = sha256(token);
        String match = null;
        for (Map.Entry<String, byte[]> e : hashesByName.entrySet()) {
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
