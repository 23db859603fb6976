package com.remotefetch.server.cluster;

import com.remotefetch.server.api.ClusterHeaders;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hop between instances: a download (or an agent's upload segment) that reached an instance
 * not holding the agent (or the transfer) is passed to the one that does, and its answer streamed
 * back as it comes, one buffer at a time, with the same failure semantics: an upstream that
 * breaks off aborts the response here, so a forwarded download is never short either.
 */
public final class Forwarder {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    /** Request headers a forwarded download keeps: what selects the bytes and their version. */
    private static final Set<String> DOWNLOAD_HEADERS = Set.of("Range", "If-Range", "If-Match", "If-None-Match", "Accept");
    /** Response headers that belong to one connection, not to the answer. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length",
            "date", "server", "te", "upgrade", "proxy-authenticate");
    private static final int BUFFER_BYTES = 64 * 1024;

    private final OkHttpClient http;
    private final ClusterConfig config;

    public Forwarder(OkHttpClient http, ClusterConfig config) {
        this.http = http;
        this.config = config;
    }

    /** Whether this request was forwarded by another instance (and must not be forwarded again). */
    public static boolean forwarded(Context ctx) {
        return ctx.header(ClusterHeaders.HOP) != null;
    }

    /**
     * Streams {@code ctx}'s download from the instance at {@code owner}.
     *
     * @param admin the admin the download is for (null in open mode), vouched for with the cluster secret
     * @return the upstream status and the bytes passed on, for the audit log
     */
    public Result download(Context ctx, String owner, String admin) {
        Request.Builder request = new Request.Builder().url(owner + ctx.path()).method(ctx.method().name(), null);
        for (String name : DOWNLOAD_HEADERS) {
            String value = ctx.header(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        request.header(ClusterHeaders.ADMIN, admin == null ? "" : admin);
        return relay(ctx, vouch(request).build());
    }

    /** Passes an agent's upload segment to the instance at {@code owner}, which holds its transfer. */
    public Result upload(Context ctx, String owner) throws IOException {
        long length = ctx.req().getContentLengthLong();
        InputStream body = ctx.req().getInputStream();
        RequestBody stream = new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/octet-stream");
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                byte[] buffer = new byte[BUFFER_BYTES];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    sink.write(buffer, 0, n);
                }
            }
        };
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        Request.Builder request = new Request.Builder().url(owner + ctx.path() + query).post(stream);
        for (String name : new String[] {"Authorization", "X-Upload-Credential"}) {
            String value = ctx.header(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        return relay(ctx, vouch(request).build());
    }

    private Request.Builder vouch(Request.Builder request) {
        if (config.secret() != null) {
            request.header(ClusterHeaders.SECRET, config.secret());
        }
        return request.header(ClusterHeaders.HOP, config.instanceId());
    }

    /** What the hop came to. */
    public record Result(int status, long bytes, boolean complete) {
    }

    private Result relay(Context ctx, Request request) {
        HttpServletResponse res = ctx.res();
        Call call = http.newCall(request);
        long bytes = 0;
        try (Response upstream = call.execute()) {
            res.setStatus(upstream.code());
            Headers headers = upstream.headers();
            for (String name : headers.names()) {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    for (String value : headers.values(name)) {
                        res.addHeader(name, value);
                    }
                }
            }
            if (request.method().equals("HEAD")) {
                String length = upstream.header("Content-Length");
                if (length != null) {
                    res.setHeader("Content-Length", length);
                }
                return new Result(upstream.code(), 0, true);
            }
            AtomicReference<Headers> trailers = new AtomicReference<>();
            if (upstream.header("Trailer") != null) {
                res.setTrailerFields(() -> toMap(trailers.get()));
            }
            OutputStream out = res.getOutputStream();
            InputStream in = upstream.body().byteStream();
            byte[] buffer = new byte[BUFFER_BYTES];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    log.info("forwarded {} broke off after {} bytes: {}", request.url(), bytes, e.toString());
                    abort(ctx, e);
                    return new Result(upstream.code(), bytes, false);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
                bytes += n;
            }
            trailers.set(upstream.trailers());
            return new Result(upstream.code(), bytes, true);
        } catch (IOException e) {
            // The admin went away, or the other instance could not be reached at all.
            call.cancel();
            if (!res.isCommitted()) {
                throw new ForwardException("the instance holding this agent did not answer: " + e.getMessage(), e);
            }
            abort(ctx, e);
            return new Result(res.getStatus(), bytes, false);
        }
    }

    private static Map<String, String> toMap(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach(h -> map.put(h.getFirst(), h.getSecond()));
        }
        return map;
    }

    /** Ends the response without its last chunk: a broken hop never looks like a whole file. */
    private static void abort(Context ctx, Throwable cause) {
        // Qualified: okhttp3.Request is imported in this file.
        org.eclipse.jetty.server.Request.getBaseRequest(ctx.req()).getHttpChannel().abort(cause);
    }

    /** The other instance could not be reached before anything was sent. */
    public static final class ForwardException extends RuntimeException {
        ForwardException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
