package com.remotefetch.server.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A bounded run of random frames from hostile agents; the server must keep serving a good one. */
@Timeout(120)
class AgentFuzzTest {
    @TempDir
    Path dir;

    @Test
    void randomFramesNeverHurtOtherAgents() throws IOException {
        Protocol protocol = new Protocol();
        SplittableRandom random = new SplittableRandom(42);
        try (RelayFixture relay = RelayFixture.start()) {
            relay.agent("good", Files.writeString(dir.resolve("good.txt"), "unharmed"));
            for (int round = 0; round < 40; round++) {
                try (RawAgent bad = new RawAgent(relay.http(), relay.baseUrl())) {
                    bad.hello("fuzz_" + round, new FileInfo("f", 10, 0));
                    for (int i = 0; i < 10; i++) {
                        switch (random.nextInt(4)) {
                            case 0 -> bad.sendText(garble(protocol.encode(new Message.TransferEnd(random.nextLong(), 5, "x")), random));
                            case 1 -> bad.sendText(garble(protocol.encode(new Message.FilesChanged(List.of())), random));
                            case 2 -> {
                                byte[] frame = new byte[random.nextInt(40)];
                                random.nextBytes(frame);
                                bad.sendBinary(frame);
                            }
                            default -> {
                                byte[] frame = new byte[DataFrame.HEADER_BYTES + 4];
                                DataFrame.writeHeader(frame, random.nextLong(-2, 3));
                                bad.sendBinary(frame);
                            }
                        }
                    }
                }
            }
            try (Response r = relay.http().newCall(new Request.Builder()
                    .url(relay.baseUrl() + "/api/download/good").build()).execute()) {
                assertEquals(200, r.code());
                assertEquals("unharmed", r.body().string());
            }
        }
    }

    private static String garble(String json, SplittableRandom random) {
        StringBuilder b = new StringBuilder(json);
        for (int i = 0; i < 3 && b.length() > 0; i++) {
            b.setCharAt(random.nextInt(b.length()), (char) random.nextInt(0x20, 0x7f));
        }
        return b.toString();
    }
}
