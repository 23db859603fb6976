package com.remotefetch.admin.api;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * The admin side of the REST API, shared by the CLI and the desktop app. One instance per server;
 * the OkHttp client and Moshi are the process's own, passed in.
 */
public final class ApiClient {
    private final OkHttpClient http;
    private final Moshi moshi;
    private final HttpUrl base;
    private final String token;

    public ApiClient(OkHttpClient http, Moshi moshi, String serverUrl, String token) {
        this.http = http;
        this.moshi = moshi;
        HttpUrl parsed = HttpUrl.parse(serverUrl);
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + serverUrl);
        }
        this.base = parsed;
        this.token = token;
    }

    public HttpUrl base() {
        return base;
    }

    public Dtos.ClientList clients() throws IOException, ApiException {
        return get(url("api", "clients"), Dtos.ClientList.class);
    }

    public Dtos.AgentList agents() throws IOException, ApiException {
        return get(url("api", "agents"), Dtos.AgentList.class);
    }

    /** The connected agents a selector picks ({@code region=west,brand=pizza}, {@code restaurant_*}). */
    public Dtos.AgentList agents(String select) throws IOException, ApiException {
        return agents(select, "online");
    }

    /**
     * The agents a selector picks (null: all) that are {@code online}, {@code offline} (known,
     * with when they were last seen) or {@code all}.
     */
    public Dtos.AgentList agents(String select, String status) throws IOException, ApiException {
        HttpUrl.Builder url = url("api", "agents").newBuilder().addQueryParameter("status", status);
        if (select != null) {
            url.addQueryParameter("select", select);
        }
        return get(url.build(), Dtos.AgentList.class);
    }

    /** Download history, newest first; null filters are left out. */
    public Dtos.TransferPage transfers(String agent, String admin, String result, int limit) throws IOException, ApiException {
        return transfers(agent, admin, result, null, limit);
    }

    /** Download history since {@code since} (null: all the server keeps), newest first; null filters are left out. */
    public Dtos.TransferPage transfers(String agent, String admin, String result, Instant since, int limit)
            throws IOException, ApiException {
        HttpUrl.Builder url = url("api", "transfers").newBuilder().addQueryParameter("limit", Integer.toString(limit));
        if (since != null) {
            url.addQueryParameter("since", since.toString());
        }
        if (agent != null) {
            url.addQueryParameter("agent", agent);
        }
        if (admin != null) {
            url.addQueryParameter("admin", admin);
        }
        if (result != null) {
            url.addQueryParameter("result", result);
        }
        return get(url.build(), Dtos.TransferPage.class);
    }

    public Dtos.FileList files(String clientId) throws IOException, ApiException {
        return get(url("api", "clients", clientId, "files"), Dtos.FileList.class);
    }

    /** What one subscription to the live agent list reports, on OkHttp's thread. */
    public interface AgentEvents {
        /** The whole list: on subscribing, and now and then. */
        void agents(Dtos.AgentList list);

        /** An agent connected, or changed its files. */
        void agent(Dtos.AgentSummary agent);

        /** An agent disconnected. */
        void left(String id);

        /**
         * The stream ended: closed by the server, broken, or silent for longer than allowed.
         * {@code refused} says the credentials were turned down, which no retry will mend.
         */
        void ended(String why, boolean refused);
    }

    /**
     * Subscribes to the server's live agent list (Server-Sent Events). The server sends the list
     * at least every 15 s, so {@code silence} without a byte means the link is dead.
     */
    public EventSource subscribeAgents(Duration silence, AgentEvents listener) {
        Request.Builder request = authorize(new Request.Builder().url(url("api", "events")).header("Accept", "text/event-stream"));
        JsonAdapter<Dtos.AgentList> adapter = moshi.adapter(Dtos.AgentList.class);
        JsonAdapter<Dtos.AgentSummary> agentAdapter = moshi.adapter(Dtos.AgentSummary.class);
        JsonAdapter<Dtos.AgentId> idAdapter = moshi.adapter(Dtos.AgentId.class);
        OkHttpClient streaming = http.newBuilder().readTimeout(silence).build();
        return EventSources.createFactory(streaming).newEventSource(request.build(), new EventSourceListener() {
            @Override
            public void onEvent(EventSource source, String id, String type, String data) {
                try {
                    switch (type == null ? "" : type) {
                        case "agents" -> {
                            Dtos.AgentList list = adapter.fromJson(data);
                            if (list != null) {
                                listener.agents(list);
                            }
                        }
                        case "agent-joined", "agent-changed" -> {
                            Dtos.AgentSummary agent = agentAdapter.fromJson(data);
                            if (agent != null) {
                                listener.agent(agent);
                            }
                        }
                        case "agent-left" -> {
                            Dtos.AgentId gone = idAdapter.fromJson(data);
                            if (gone != null && gone.id() != null) {
                                listener.left(gone.id());
                            }
                        }
                        default -> {
                            // an event this version does not know: newer servers may add some
                        }
                    }
                } catch (IOException | JsonDataException e) {
                    source.cancel();
                    listener.ended("unexpected update from the server: " + e.getMessage(), false);
                }
            }

            @Override
            public void onClosed(EventSource source) {
                listener.ended("the server ended the live updates", false);
            }

            @Override
            public void onFailure(EventSource source, Throwable t, Response response) {
                if (response != null && (response.code() == 401 || response.code() == 403)) {
                    listener.ended("the server refused the credentials", true);
                } else if (response != null) {
                    listener.ended("live updates failed: HTTP " + response.code(), false);
                } else if (t instanceof SocketTimeoutException) {
                    listener.ended("the server has been silent for " + silence.toSeconds() + " s", false);
                } else {
                    listener.ended("lost the connection to the server"
                            + (t == null || t.getMessage() == null ? "" : ": " + t.getMessage()), false);
                }
            }
        });
    }

    /** The download URL for a named file, or the agent's default file when {@code file} is null. */
    public HttpUrl downloadUrl(String clientId, String file) {
        HttpUrl.Builder b = base.newBuilder().addPathSegment("api").addPathSegment("download").addPathSegment(clientId);
        if (file != null) {
            b.addPathSegments(file);
        }
        return b.build();
    }

    /** A call the caller executes and may cancel; errors are the caller's to read with {@link #errorOf}. */
    public Call newCall(Request.Builder request) {
        return http.newCall(authorize(request).build());
    }

    /** Adds the admin token, where there is one. */
    private Request.Builder authorize(Request.Builder request) {
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private <T> T get(HttpUrl url, Class<T> type) throws IOException, ApiException {
        try (Response r = newCall(new Request.Builder().url(url)).execute()) {
            if (!r.isSuccessful()) {
                throw errorOf(r);
            }
            T value = parse(r.body(), moshi.adapter(type));
            if (value == null) {
                throw new IOException("empty answer from " + url);
            }
            return value;
        }
    }

    /** Reads a JSON error body; a body that is not one still yields a plain-words error. */
    public ApiException errorOf(Response r) {
        String message = "server answered HTTP " + r.code();
        String code = "http_" + r.code();
        try {
            Dtos.ErrorBody body = parse(r.body(), moshi.adapter(Dtos.ErrorBody.class));
            if (body != null && body.error() != null) {
                message = body.error();
                code = body.code() == null ? code : body.code();
            }
        } catch (IOException e) {
            // Not JSON (a proxy's page, say): the status alone has to do.
        }
        return new ApiException(r.code(), code, message);
    }

    private static <T> T parse(ResponseBody body, JsonAdapter<T> adapter) throws IOException {
        if (body == null) {
            return null;
        }
        try {
            return adapter.fromJson(body.source());
        } catch (JsonDataException e) {
            throw new IOException("unexpected answer from the server: " + e.getMessage(), e);
        }
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }
}
