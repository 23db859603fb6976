package com.remotefetch.agent.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The SHA-256 of whole files this agent has sent, by file version, so that sending the same
 * version again, or resuming it, does not hash gigabytes once more (SHA-256 is about half of
 * the agent's CPU per byte). A version is the path, size, modification time at full precision,
 * file identity and, where the OS has one, the change time, which no tool can set back. Should a
 * file still change without any of those changing, the digest the admin checks against no longer
 * matches what arrives and the download fails as damaged: never a wrong file called verified.
 * Thread-safe; keeps the last {@value #ENTRIES} versions.
 */
final class DigestCache {
    static final int ENTRIES = 256;

    private final Map<String, String> byVersion = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > ENTRIES;
        }
    };

    /** The key of {@code path}'s current content, or empty if its attributes cannot be read. */
    static Optional<String> versionOf(Path path) {
        try {
            return Optional.of(versionOf(path, Files.readAttributes(path, BasicFileAttributes.class)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The key of {@code path}'s content with attributes {@code a}, read just before. */
    static String versionOf(Path path, BasicFileAttributes a) {
        String changed;
        try {
            changed = String.valueOf(Files.getAttribute(path, "unix:ctime"));
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            changed = "-"; // Windows: NTFS's change time is not exposed; the rest still tells versions apart
        }
        return path.toAbsolutePath() + "|" + a.size() + "|" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS)
                + "|" + a.fileKey() + "|" + changed;
    }

    private int hits;

    synchronized Optional<String> get(String version) {
        String sha = byVersion.get(version);
        hits += sha == null ? 0 : 1;
        return Optional.ofNullable(sha);
    }

    /** How many transfers used a remembered digest, for tests. */
    synchronized int hits() {
        return hits;
    }

    synchronized void put(String version, String sha256) {
        byVersion.put(version, sha256);
    }
}
