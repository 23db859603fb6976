package com.remotefetch.agent.transfer;

import com.remotefetch.client.StreamingSocketFactory;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.protocol.UploadOffer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends upload segments: plain HTTP request bodies on OkHttp's connection pool (keep-alive
 * connections to the server), with no WebSocket framing and no masking of every byte. A
 * transfer's next segment starts on a second connection as soon as the current one's body is
 * written, so the path never drains at a segment boundary. Shared by all transfers of one agent.
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

    /** At most two segments per transfer are on their way; this leaves room for many transfers. */
    private static final int MAX_CALLS = 64;

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
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_CALLS);
        // No write timeout: OkHttp arms a watchdog around every socket write, a measurable cost per
        // GiB, and a segment may legitimately wait on a slow admin. A dead server is still found:
        // its idle timeout closes the connection, and a cancel closes the call.
        this.http = http.newBuilder().writeTimeout(Duration.ZERO).readTimeout(Duration.ofMinutes(2))
                .retryOnConnectionFailure(false).dispatcher(dispatcher)
                .socketFactory(StreamingSocketFactory.forScheme(urlOf.apply("/").getScheme())).build();
        this.urlOf = urlOf;
        this.token = token;
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    private Call newCall(UploadOffer offer, long offset, RequestBody body) {
        HttpUrl url = HttpUrl.get(urlOf.apply(offer.path())).newBuilder()
                .addQueryParameter(Protocol.UPLOAD_OFFSET_PARAM, Long.toString(offset)).build();
        Request.Builder request = new Request.Builder().url(url).post(body)
                .header(Protocol.UPLOAD_CREDENTIAL_HEADER, offer.credential());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.newCall(request.build());
    }

    /**
     * Starts one segment on OkHttp's dispatcher, which writes its body on its own thread.
     *
     * @param written counted down by the body once it has written its last byte; counted down
     *                here too when the call ends, so that waiting on it never outlives the call
     */
    Segment start(UploadOffer offer, long offset, RequestBody body, CountDownLatch written, boolean firstSegment) {
        Call call = newCall(offer, offset, body);
        Segment segment = new Segment(call, offset, written);
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call c, Response r) {
                try (r) {
                    if (!r.isSuccessful()) {
                        log.debug("upload segment answered HTTP {}", r.code());
                    }
                    // A first segment refused for any reason may still go in frames: if the transfer is
                    // really over, the server drops them; if the upload only missed its way, frames save it.
                    segment.settle(r.isSuccessful() ? Outcome.ACCEPTED
                            : firstSegment ? Outcome.NOT_THROUGH : Outcome.ENDED);
                }
            }

            @Override
            public void onFailure(Call c, IOException e) {
                log.debug("upload segment failed: {}", e.toString());
                segment.settle(firstSegment && !c.isCanceled() ? Outcome.NOT_THROUGH : Outcome.ENDED);
            }
        });
        return segment;
    }

    /** One segment on its way: its body being written, then the server's answer awaited. */
    static final class Segment {
        private final Call call;
        private final long offset;
        private final CountDownLatch written;
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

        private Segment(Call call, long offset, CountDownLatch written) {
            this.call = call;
            this.offset = offset;
            this.written = written;
        }

        /** Where in the transfer this segment starts: every byte before it was sent in earlier segments. */
        long offset() {
            return offset;
        }

        private void settle(Outcome result) {
            outcome.complete(result);
            written.countDown();
        }

        /** Waits until the body's last byte is written to the connection, or the call ended. */
        void awaitWritten() throws InterruptedException {
            written.await();
        }

        /** Waits for the server's answer. */
        Outcome outcome() throws InterruptedException {
            try {
                return outcome.get();
            } catch (ExecutionException e) {
                return Outcome.ENDED;
            }
        }

        void cancel() {
            call.cancel();
        }
    }

    /** Stops the threads that write segments; a call still running is cancelled. */
    void close() {
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
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
