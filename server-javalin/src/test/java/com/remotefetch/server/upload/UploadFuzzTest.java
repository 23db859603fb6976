package com.remotefetch.server.upload;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import java.io.UncheckedIOException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.protocol.UploadOffer;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded hostile uploads against a live transfer: each is refused with a 4xx (never accepted,
 * never a 5xx), and the download they aimed at still completes with the right bytes.
 */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class UploadFuzzTest {
    private static final MediaType BYTES = MediaType.get("application/octet-stream");

    private RelayFixture relay;

    @BeforeEach
    void setUp(RelayFixture relay) {
        this.relay = relay;
    }

    private int post(String path, String offset, byte[] body, String credential) throws IOException {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + path + "?offset=" + offset)
                .post(RequestBody.create(body, BYTES));
        if (credential != null) {
            b.header(Protocol.UPLOAD_CREDENTIAL_HEADER, credential);
        }
        try (Response r = relay.http().newCall(b.build()).execute()) {
            return r.code();
        }
    }

    @Test
    void hostileUploadsAreRefusedAndTheRealOneStillLands() throws Exception {
        byte[] content = new byte[50_000];
        new SplittableRandom(1).nextBytes(content);
        try (RawAgent agent = new RawAgent(relay.http(), relay.baseUrl())) {
            agent.hello("fuzzed", new FileInfo("f.bin", content.length, 0));
            CompletableFuture<byte[]> download = CompletableFuture.supplyAsync(() -> {
                try (Response r = relay.http().newCall(new Request.Builder()
                        .url(relay.baseUrl() + "/api/download/fuzzed/f.bin").build()).execute()) {
                    return r.body().bytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Message.Fetch fetch = agent.take(Message.Fetch.class);
            UploadOffer offer = fetch.upload();
            agent.send(new Message.FileMeta(fetch.transferId(), "f.bin", content.length, 0, 0, content.length, "v"));

            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < 300; i++) {
                String path = offer.path();
                String credential = offer.credential();
                String offset = "0";
                byte[] body = new byte[random.nextInt(100)];
                switch (random.nextInt(6)) {
                    case 0 -> path = Protocol.UPLOAD_PATH_PREFIX + HexFormat.of().formatHex(new byte[] {(byte) i});
                    case 1 -> credential = random.nextBoolean() ? null : Long.toHexString(random.nextLong());
                    case 2 -> offset = Long.toString(1 + random.nextLong(Long.MAX_VALUE - 1));
                    case 3 -> offset = random.nextBoolean() ? "-" + random.nextInt(1000) : "x" + i;
                    case 4 -> body = new byte[content.length + 1 + random.nextInt(1000)];
                    default -> path = offer.path() + "/../../api/clients";
                }
                int code = post(path, offset, body, credential);
                assertTrue(code >= 400 && code < 500, "attempt " + i + " got " + code);
            }

            assertEquals(204, post(offer.path(), "0", content, offer.credential()));
            agent.send(new Message.TransferEnd(fetch.transferId(), content.length,
                    HexFormat.of().formatHex(TestFiles.digest().digest(content))));
            assertArrayEquals(content, download.get());
        }
    }
}
