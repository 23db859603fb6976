package com.remotefetch.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-agent tokens derived from one server secret, so the server keeps no list:
 * {@code rfa1.<clientId>.<generation>.<expiry>.<base64url(HMAC-SHA256(secret, everything before))>},
 * where {@code expiry} is the epoch second after which the token is refused (0: never).
 * A token is revoked by listing {@code clientId.generation} (or {@code clientId} for every
 * generation) in the revocation file; a new generation is then issued. The file is re-read
 * when it changes.
 */
public final class AgentTokens {
    private static final Pattern TOKEN = Pattern.compile(
            "rfa1\\.([A-Za-z0-9._-]{1,64})\\.(\\d{1,9})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{43})");

    private final byte[] secret;
    private final Path revocationFile;
    private final Clock clock;
    /** Guarded by this. */
    private Set<String> revoked = Set.of();
    /** Guarded by this. */
    private long revocationStamp = Long.MIN_VALUE;

    public AgentTokens(byte[] secret, Path revocationFile) {
        this(secret, revocationFile, Clock.systemUTC());
    }

    public AgentTokens(byte[] secret, Path revocationFile, Clock clock) {
        this.clock = clock;
        if (secret.length < 16) {
            throw new IllegalArgumentException("the agent secret must be at least 16 bytes");
        }
        this.secret = secret.clone();
        this.revocationFile = revocationFile;
    }

    /** A token that never expires (until revoked). */
    public String issue(String clientId, int generation) {
        return issue(clientId, generation, null);
    }

    /** A token refused after {@code expires} (null: never). */
    public String issue(String clientId, int generation, Instant expires) {
        String body = "rfa1." + clientId + "." + generation + "." + (expires == null ? 0 : expires.getEpochSecond());
        String token = body + "." + mac(body);
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("invalid client id: use 1-64 letters, digits, '.', '_' or '-'");
        }
        return token;
    }

    /** The client id this token proves, if it is well-formed, authentic and not revoked. */
    public Optional<String> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        String id = m.group(1);
        String body = "rfa1." + id + "." + m.group(2) + "." + m.group(3);
        byte[] expected = mac(body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, m.group(4).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        long expiry = Long.parseLong(m.group(3));
        if (expiry != 0 && clock.instant().getEpochSecond() > expiry) {
            return Optional.empty();
        }
        Set<String> gone = revoked();
        if (gone.contains(id) || gone.contains(id + "." + m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(id);
    }

    private synchronized Set<String> revoked() {
        if (revocationFile == null) {
            return Set.of();
        }
        try {
            long stamp = Files.exists(revocationFile) ? Files.getLastModifiedTime(revocationFile).toMillis() : -1;
            if (stamp != revocationStamp) {
                revoked = stamp < 0 ? Set.of() : Files.readAllLines(revocationFile).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toUnmodifiableSet());
                revocationStamp = stamp;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the revocation file " + revocationFile, e);
        }
        return revoked;
    }

    private String mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
