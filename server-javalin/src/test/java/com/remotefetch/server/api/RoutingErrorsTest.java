package com.remotefetch.server.api;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.testing.RelayFixture;
import java.io.IOException;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests no route answers get the same JSON error shape as every other API error. */
@Timeout(30)
@ExtendWith(RelayExtension.class)
class RoutingErrorsTest {
    private RelayFixture relay;

    @BeforeEach
    void setUp(RelayFixture relay) {
        this.relay = relay;
    }

    @Test
    void unknownPathIsAJson404() throws IOException {
        Request request = new Request.Builder().url(relay.baseUrl() + "/api/nope").build();
        try (Response r = relay.http().newCall(request).execute()) {
            String body = r.body().string();
            assertEquals(404, r.code());
            assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
            assertTrue(body.contains("\"code\":\"not_found\""), body);
            assertTrue(body.contains("\"error\":\"no endpoint GET /api/nope\""), body);
        }
    }

    @Test
    void wrongMethodIsAJson405NamingTheAllowedOnes() throws IOException {
        Request request = new Request.Builder().url(relay.baseUrl() + "/api/clients")
                .post(RequestBody.create(new byte[0])).build();
        try (Response r = relay.http().newCall(request).execute()) {
            String body = r.body().string();
            assertEquals(405, r.code());
            assertTrue(body.contains("\"code\":\"method_not_allowed\""), body);
            assertTrue(body.contains("GET"), body);
        }
    }

    @Test
    void theEventStreamWithoutItsAcceptHeaderIsAJson406SayingWhatToSend() throws IOException {
        Request request = new Request.Builder().url(relay.baseUrl() + "/api/events").header("Accept", "*/*").build();
        try (Response r = relay.http().newCall(request).execute()) {
            String body = r.body().string();
            assertEquals(406, r.code());
            assertTrue(body.contains("\"code\":\"not_acceptable\"") && body.contains("Accept: text/event-stream"), body);
        }
    }
}
