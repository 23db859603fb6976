package com.remotefetch.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.protocol.ProtocolException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A hand-driven agent for protocol tests: sends whatever a test writes, records what the server
 * sends in order (OkHttp's WebSocketRecorder habit), and lets tests take events with a timeout.
 */
public final class RawAgent implements AutoCloseable {
    public sealed interface Event {
    }

    public record Text(String text) implements Event {
    }

    public record Closing(int code, String reason) implements Event {
    }

    /** The connection failed; {@code status} is the HTTP answer to the upgrade, if there was one. */
    public record Failure(Throwable error, Integer status) implements Event {
    }

    private final Protocol protocol = new Protocol();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    public RawAgent(OkHttpClient client, String baseUrl) {
        this(client, baseUrl, null);
    }

    /** Connects with {@code Authorization: Bearer token} when a token is given. */
    public RawAgent(OkHttpClient client, String baseUrl, String token) {
        this(client, upgrade(baseUrl, token));
    }

    private static Request upgrade(String baseUrl, String token) {
        Request.Builder b = new Request.Builder().url(baseUrl.replace("http", "ws") + "/ws/agent");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** Connects with exactly {@code request}, for tests that set their own headers. */
    public RawAgent(OkHttpClient client, Request request) {
        socket = client.newWebSocket(request, new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                events.add(new Text(text));
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                events.add(new Closing(code, reason));
                webSocket.close(1000, null);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                events.add(new Failure(t, response == null ? null : response.code()));
            }
        });
    }

    /** Says hello as {@code clientId} sharing {@code files} and expects the welcome. */
    public RawAgent hello(String clientId, FileInfo... files) {
        send(new Message.Hello(Protocol.VERSION, clientId, "raw", "test", List.of(files)));
        assertInstanceOf(Message.Welcome.class, takeMessage());
        return this;
    }

    public void send(Message message) {
        sendText(protocol.encode(message));
    }

    public void sendText(String text) {
        socket.send(text);
    }

    /** False once OkHttp's send queue is full or the socket is closing. */
    public boolean sendBinary(byte[] frame) {
        return socket.send(ByteString.of(frame));
    }

    /** A close the server already sent, skipping any messages before it; null if none yet. */
    public Closing pollClose() {
        for (Event e; (e = events.poll()) != null; ) {
            if (e instanceof Closing closing) {
                return closing;
            }
        }
        return null;
    }

    public Event take() {
        try {
            Event e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "no event from the server within 10 s");
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public Message takeMessage() {
        Event e = take();
        assertInstanceOf(Text.class, e, "expected a message, got " + e);
        try {
            return protocol.decode(((Text) e).text());
        } catch (ProtocolException ex) {
            throw new AssertionError(ex);
        }
    }

    public <T extends Message> T take(Class<T> type) {
        return type.cast(assertInstanceOf(type, takeMessage()));
    }

    /** Expects the upgrade itself to be refused with {@code status}. */
    public void awaitRefused(int status) {
        Event e = take();
        assertInstanceOf(Failure.class, e, "expected the upgrade to fail, got " + e);
        assertEquals(status, ((Failure) e).status(), "upgrade status");
    }

    /** Skips messages until the server closes; asserts the close code and returns the reason. */
    public String awaitClose(int expectedCode) {
        while (true) {
            Event e = take();
            if (e instanceof Closing closing) {
                assertEquals(expectedCode, closing.code(), "close reason: " + closing.reason());
                return closing.reason();
            }
            if (e instanceof Failure failure) {
                throw new AssertionError("connection failed instead of closing", failure.error());
            }
        }
    }

    @Override
    public void close() {
        socket.cancel();
    }
}
