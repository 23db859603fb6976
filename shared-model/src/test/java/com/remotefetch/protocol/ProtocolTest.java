package com.remotefetch.protocol;

import java.util.Map;
import java.nio.ByteBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolTest {

    private final Protocol protocol = new Protocol();

    static Stream<Message> everyMessage() {
        List<FileInfo> files = List.of(new FileInfo("menu.pdf", 1234, 1_700_000_000_000L),
                new FileInfo("sales é.csv", 0, 0));
        return Stream.of(
                new Message.Hello(Protocol.VERSION, "restaurant_sf", "1.0", "pos-1", files),
                new Message.Hello(Protocol.VERSION, "restaurant_sf", "1.0", "pos-1", files,
                        Map.of("region", "west", "brand", "pizza")),
                new Message.FilesChanged(files),
                new Message.Heartbeat(42),
                new Message.FileMeta(7, "menu.pdf", 1234, 99, 34, 1200),
                new Message.TransferEnd(7, 1200, "ab".repeat(32)),
                new Message.FileMeta(7, "menu.pdf", 1234, 99, 34, 1200, "3f2a9c0d41b7e655"),
                new Message.TransferEnd(7, 1200, "ab".repeat(32), "cd".repeat(32)),
                new Message.TransferError(7, ErrorCode.RANGE_NOT_SATISFIABLE, "offset 9 beyond 3"),
                new Message.Welcome(Protocol.VERSION, "1.0"),
                new Message.Fetch(7, "menu.pdf", 0, -1, 1 << 20, "alice"),
                new Message.Fetch(8, null, 10, 20, 1, null),
                new Message.Credit(7, 65536),
                new Message.Cancel(7, "admin disconnected"));
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void everyMessageRoundTrips(Message message) throws ProtocolException {
        String json = protocol.encode(message);
        assertTrue(json.startsWith("{\"type\":"), "type label first: " + json);
        assertEquals(message, protocol.decode(json));
    }

    @Test
    void fetchWithoutFileMeansDefault() throws ProtocolException {
        Message decoded = protocol.decode("{\"type\":\"fetch\",\"transferId\":3,\"offset\":0,\"length\":-1,\"credit\":5}");
        assertEquals(new Message.Fetch(3, null, 0, -1, 5, null), decoded);
    }

    @Test
    void heartbeatsAreRecognisedWithoutAParseAndNothingElseIs() {
        assertTrue(Protocol.isHeartbeat(protocol.encode(new Message.Heartbeat(1_764_000_000_000L))));
        for (String other : List.of("{\"type\":\"heartbeat\",\"sentAtMillis\":}", "{\"type\":\"heartbeat\",\"sentAtMillis\":1x}",
                "{\"type\":\"heartbeat\",\"sentAtMillis\":1,\"x\":2}", "{\"type\":\"heartbeat\"}",
                protocol.encode(new Message.Credit(1, 5)), "{\"type\":\"heartbeat\",\"sentAtMillis\":" + "9".repeat(40) + "}")) {
            assertFalse(Protocol.isHeartbeat(other), other);
        }
    }

    @Test
    void unknownLabelIsAProtocolError() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> protocol.decode("{\"type\":\"launch_missiles\"}"));
        assertTrue(e.getMessage().contains("launch_missiles"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "not json", "{", "[]", "null", "42",
            "{\"type\":\"hello\"}",
            "{\"type\":\"credit\",\"transferId\":1,\"bytes\":0}",
            "{\"type\":\"credit\",\"transferId\":\"x\",\"bytes\":5}",
            "{\"type\":\"meta\",\"transferId\":1,\"name\":\"a\",\"size\":5,\"modifiedMillis\":0,\"offset\":4,\"length\":9}",
            "{\"type\":\"error\",\"transferId\":1,\"code\":\"melted\"}",
            "{\"type\":\"meta\",\"transferId\":1,\"name\":\"a\",\"size\":5,\"modifiedMillis\":0,\"offset\":1,\"length\":9223372036854775807}",
            "{\"type\":\"meta\",\"transferId\":1,\"name\":\"a\",\"size\":5,\"modifiedMillis\":0,\"offset\":9223372036854775807,\"length\":1}",
            "{\"type\":\"fetch\",\"transferId\":1,\"offset\":-5,\"length\":-1,\"credit\":5}",
    })
    void malformedOrInvalidInputIsAProtocolError(String json) {
        assertThrows(ProtocolException.class, () -> protocol.decode(json));
    }

    @Test
    void dataFrameRoundTrips() throws ProtocolException {
        byte[] frame = new byte[DataFrame.HEADER_BYTES + 3];
        DataFrame.writeHeader(frame, 0x0102030405060708L);
        frame[DataFrame.HEADER_BYTES] = 'a';
        frame[DataFrame.HEADER_BYTES + 1] = 'b';
        frame[DataFrame.HEADER_BYTES + 2] = 'c';
        DataFrame decoded = DataFrame.decode(ByteBuffer.wrap(frame));
        assertEquals(0x0102030405060708L, decoded.transferId());
        assertEquals(3, decoded.payload().remaining());
        assertEquals('c', decoded.payload().get(2));
    }

    @Test
    void shortOrUnknownBinaryFrameIsAProtocolError() {
        assertThrows(ProtocolException.class, () -> DataFrame.decode(ByteBuffer.wrap(new byte[4])));
        byte[] frame = new byte[DataFrame.HEADER_BYTES];
        frame[0] = 0x7f;
        assertThrows(ProtocolException.class, () -> DataFrame.decode(ByteBuffer.wrap(frame)));
    }
}
