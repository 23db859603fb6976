package com.remotefetch.protocol;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.adapters.PolymorphicJsonAdapterFactory;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one owner of the wire format: the protocol version, the JSON mapping of every
 * {@link Message}, and (through {@link DataFrame}) the binary frame layout. Thread-safe; make one
 * per process and share it.
 */
public final class Protocol {

    /** Bumped on any incompatible change; checked at hello. */
    public static final int VERSION = 1;

    /** WebSocket close codes the server uses, in the private-use range 4000-4999 where specific. */
    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    public static final int CLOSE_POLICY_VIOLATION = 1008;
    public static final int CLOSE_REPLACED = 4000;
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;
    public static final int CLOSE_UNSUPPORTED_VERSION = 4001;

    /** How Moshi's polymorphic adapter names a label it does not know. */
    private static final Pattern UNKNOWN_LABEL = Pattern.compile("for key 'type' but found '([^']*)'");

    private final JsonAdapter<Message> adapter;

    public Protocol() {
        PolymorphicJsonAdapterFactory<Message> messages = PolymorphicJsonAdapterFactory.of(Message.class, "type")
                .withSubtype(Message.Hello.class, "hello")
                .withSubtype(Message.FilesChanged.class, "files")
                .withSubtype(Message.Heartbeat.class, "heartbeat")
                .withSubtype(Message.FileMeta.class, "meta")
                .withSubtype(Message.TransferEnd.class, "end")
                .withSubtype(Message.TransferError.class, "error")
                .withSubtype(Message.Welcome.class, "welcome")
                .withSubtype(Message.Fetch.class, "fetch")
                .withSubtype(Message.Credit.class, "credit")
                .withSubtype(Message.Cancel.class, "cancel");
        this.adapter = new Moshi.Builder().add(messages).build().adapter(Message.class);
    }

    public String encode(Message message) {
        return adapter.toJson(message);
    }

    /**
     * Parses one text frame. Malformed JSON, an unknown {@code type}, a wrong shape or a value a
     * record refuses all become a {@link ProtocolException}; nothing else escapes.
     */
    public Message decode(String json) throws ProtocolException {
        try {
            Message message = adapter.fromJson(json);
            if (message == null) {
                throw new ProtocolException("empty message");
            }
            return message;
        } catch (IOException e) {
            throw new ProtocolException("malformed JSON: " + e.getMessage(), e);
        } catch (JsonDataException e) {
            Matcher unknown = UNKNOWN_LABEL.matcher(String.valueOf(e.getMessage()));
            if (unknown.find()) {
                throw new ProtocolException("unknown message type '" + unknown.group(1) + "'", e);
            }
            throw new ProtocolException("invalid message: " + e.getMessage(), e);
        } catch (AssertionError e) {
            // Moshi's record adapter wraps what a record's constructor throws in an AssertionError.
            if (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof NullPointerException) {
                throw new ProtocolException("invalid message: " + e.getCause().getMessage(), e.getCause());
            }
            throw e;
        }
    }
}
