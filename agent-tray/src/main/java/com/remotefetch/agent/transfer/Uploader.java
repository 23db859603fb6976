package com.remotefetch.agent.transfer;

import com.remotefetch.protocol.Protocol;
import com.remotefetch.protocol.UploadOffer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends upload segments: plain HTTP request bodies on OkHttp's connection pool (one keep-alive
 * connection per server), with no WebSocket framing and no masking of every byte. Shared by all
 * transfers of one agent.
 */
public final class Uploader {
    private static final Logger log = LoggerFactory.getLogger(Uploader.class);

    /** What became of one segment. */
    public enum Outcome {
        /** The server took every byte. */
        ACCEPTED,
        /** The first segment never got through (no connection, or any refusal): frames may carry it. */
        NOT_THROUGH,
        /** A later segment failed: the transfer is broken off (the server aborts the download). */
        ENDED
    }

    private final OkHttpClient http;
    private final Function<String, URI> urlOf;
    private final String token;
    private final boolean enabled;
    private final AtomicBoolean fallbackLogged = new AtomicBoolean();

    /**
     * @param http    the agent's client; uploads get no write timeout and a long read timeout,
     *                since a slow admin legitimately holds a segment back
     * @param urlOf   the server's URL for an offer's path
     * @param token   the agent token, or null
     * @param enabled false to carry every transfer in frames
     */
    public Uploader(OkHttpClient http, Function<String, URI> urlOf, String token, boolean enabled) {
        // No write timeout: OkHttp arms a watchdog around every socket write, a measurable cost per
        // GiB, and a segment may legitimately wait on a slow admin. A dead server is still found:
        // its idle timeout closes the connection, and a cancel closes the call.
        this.http = http.newBuilder().writeTimeout(Duration.ZERO).readTimeout(Duration.ofMinutes(2))
                .retryOnConnectionFailure(false).build();
        this.urlOf = urlOf;
        this.token = token;
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    /** Starts one segment; the caller may cancel the call from another thread. */
    Call newCall(UploadOffer offer, long offset, RequestBody body) {
        HttpUrl url = HttpUrl.get(urlOf.apply(offer.path())).newBuilder()
                .addQueryParameter(Protocol.UPLOAD_OFFSET_PARAM, Long.toString(offset)).build();
        Request.Builder request = new Request.Builder().url(url).post(body)
                .header(Protocol.UPLOAD_CREDENTIAL_HEADER, offer.credential());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.newCall(request.build());
    }

    /** Runs a segment's call to its end. */
    static Outcome execute(Call call, boolean firstSegment) {
        try (Response r = call.execute()) {
            if (r.isSuccessful()) {
                return Outcome.ACCEPTED;
            }
            log.debug("upload segment answered HTTP {}", r.code());
            // A first segment refused for any reason may still go in frames: if the transfer is
            // really over, the server drops them; if the upload only missed its way, frames save it.
            return firstSegment ? Outcome.NOT_THROUGH : Outcome.ENDED;
        } catch (IOException e) {
            log.debug("upload segment failed: {}", e.toString());
            return firstSegment && !call.isCanceled() ? Outcome.NOT_THROUGH : Outcome.ENDED;
        }
    }

    /** Says once per run that uploads do not get through, so the log is not flooded. */
    void fellBack(long transferId) {
        if (fallbackLogged.compareAndSet(false, true)) {
            log.warn("HTTP uploads to the server do not get through (transfer {}); sending file bytes in WebSocket"
                    + " frames instead, which is slower. A proxy may block POST requests to {}", transferId,
                    Protocol.UPLOAD_PATH_PREFIX);
        }
    }
}
