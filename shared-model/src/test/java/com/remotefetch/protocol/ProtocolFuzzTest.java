package com.remotefetch.protocol;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A bounded, seeded mutation fuzz of the decoders: whatever bytes arrive, the only failure is a
 * {@link ProtocolException}. (Jazzer would search smarter; this runs in every build in a second.)
 */
class ProtocolFuzzTest {
    private static final int ROUNDS = 200_000;
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e999",
            "\"type\"", "\"hello\"", "\"fetch\"", "\"credit\"", "\\u0000", "9223372036854775808", "\"\\ud800\""};

    private final Protocol protocol = new Protocol();

    @Test
    void decodeNeverThrowsAnythingButProtocolException() {
        List<String> seeds = ProtocolTest.everyMessage().map(protocol::encode).toList();
        SplittableRandom random = new SplittableRandom(20261124);
        for (int i = 0; i < ROUNDS; i++) {
            String input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                protocol.decode(input);
            } catch (ProtocolException expected) {
                // the one allowed failure
            } catch (RuntimeException | Error e) {
                fail("decode threw " + e + " for input: " + input, e);
            }
        }
    }

    @Test
    void dataFrameDecodeNeverThrowsAnythingButProtocolException() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] frame = new byte[random.nextInt(24)];
            random.nextBytes(frame);
            if (random.nextBoolean() && frame.length > 0) {
                frame[0] = DataFrame.KIND_DATA;
            }
            try {
                DataFrame.decode(ByteBuffer.wrap(frame));
            } catch (ProtocolException expected) {
                // the one allowed failure
            } catch (RuntimeException | Error e) {
                fail("DataFrame.decode threw " + e, e);
            }
        }
    }

    private static String mutate(String seed, SplittableRandom random) {
        StringBuilder b = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(5)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> b.setCharAt(at, (char) random.nextInt(0x20, 0x7f));
                case 3 -> b.setLength(at);
                default -> b.insert(at, new String(new byte[] {(byte) random.nextInt(256)}, StandardCharsets.ISO_8859_1));
            }
        }
        return b.toString();
    }
}
