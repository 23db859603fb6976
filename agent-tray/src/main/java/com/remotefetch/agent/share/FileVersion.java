package com.remotefetch.agent.share;

import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Names one content of a shared file, for resumed downloads to tell they continue the same file.
 * It changes whenever the size, the modification time (at the file system's full precision) or
 * the file's identity (its inode, where the OS has one: a file replaced by another) changes.
 * Hashed, so it says nothing about the agent's disk to whoever sees the ETag.
 */
public final class FileVersion {
    private FileVersion() {
    }

    public static String of(BasicFileAttributes attributes) {
        String facts = attributes.size() + "|" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "|"
                + attributes.fileKey();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(facts.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
