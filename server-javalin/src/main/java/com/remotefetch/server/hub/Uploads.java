package com.remotefetch.server.hub;

import com.remotefetch.protocol.Protocol;
import com.remotefetch.protocol.UploadOffer;
import com.remotefetch.server.metrics.Metrics;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfers that take HTTP uploads, by upload id: the one place an upload is routed to its
 * transfer (with several instances, the place that forwards one this instance does not hold).
 * Upload ids and credentials are random, 128 and 256 bits; an id names the transfer in URLs and
 * logs, the credential proves the right to send its bytes and is never logged.
 */
public final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    /** The live transfers' upload ids; an entry goes when its download is done. */
    private final ConcurrentMap<String, Transfer> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Duration validFor;
    private final long segmentBytes;
    private final Metrics metrics;

    /**
     * @param validFor how long an offer may wait for its first segment
     */
    public Uploads(Duration validFor, long segmentBytes, Metrics metrics) {
        this.validFor = validFor;
        this.segmentBytes = segmentBytes;
        this.metrics = metrics;
    }

    /** The transfer taking uploads under {@code uploadId}, if it is still live. */
    public Optional<Transfer> find(String uploadId) {
        return uploadId == null ? Optional.empty() : Optional.ofNullable(byId.get(uploadId));
    }

    UploadOffer newOffer() {
        return new UploadOffer(Protocol.UPLOAD_PATH_PREFIX + randomHex(16), randomHex(32),
                System.currentTimeMillis() + validFor.toMillis(), segmentBytes);
    }

    /** Told of each upload id as its transfer starts and ends, for a registry shared with other instances. */
    public interface Listener {
        void opened(String uploadId);

        void closed(String uploadId);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    void register(Transfer transfer) {
        String id = idOf(transfer.offer());
        byId.put(id, transfer);
        listeners.forEach(l -> l.opened(id));
    }

    void forget(Transfer transfer) {
        String id = idOf(transfer.offer());
        if (byId.remove(id, transfer)) {
            listeners.forEach(l -> l.closed(id));
        }
    }

    /** A transfer offered an upload came in frames instead: the agent could not get an upload through. */
    void fellBack(Transfer transfer) {
        metrics.uploadFallback();
        log.info("agent {} sends transfer {} in WebSocket frames: its upload did not get through",
                transfer.clientId(), transfer.id());
    }

    private static String idOf(UploadOffer offer) {
        return offer.path().substring(Protocol.UPLOAD_PATH_PREFIX.length());
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
