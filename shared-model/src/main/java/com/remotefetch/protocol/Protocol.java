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

    /**
     * The version this side speaks, sent at hello. 2 added HTTP uploads ({@link UploadOffer}); a
     * server speaks every version from {@link #MIN_VERSION} up.
     */
    public static final int VERSION = 2;
    public static final int MIN_VERSION = 1;
    /** The first version whose agents may be offered HTTP uploads. */
    public static final int UPLOADS_SINCE = 2;

    /** The agent's WebSocket endpoint on the server. */
    public static final String AGENT_PATH = "/ws/agent";
    /** Upload endpoints: this prefix and the transfer's upload id. */
    public static final String UPLOAD_PATH_PREFIX = "/agent/uploads/";
    /** The header carrying an upload's one-transfer credential. */
    public static final String UPLOAD_CREDENTIAL_HEADER = "X-Upload-Credential";
    /** The query parameter naming where in the transfer a segment starts. */
    public static final String UPLOAD_OFFSET_PARAM = "offset";
    /** Bytes per upload segment unless the server says otherwise. */
    public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
    /** Cloud Run caps an HTTP/1 request body at 32 MiB; a segment stays below. */
    public static final long MAX_SEGMENT_BYTES = 31L << 20;
    /** The most files one list (hello or files) may name. */
    public static final int MAX_FILES_PER_LIST = 10_000;
    /** File lists an agent may send within {@link #FILE_LIST_WINDOW_SECONDS}; more closes it with 1008. */
    public static final int MAX_FILE_LISTS_PER_WINDOW = 10;
    public static final int FILE_LIST_WINDOW_SECONDS = 10;
    /** The most a text (control) message may be; a file list is the largest. */
    public static final int MAX_TEXT_MESSAGE_BYTES = 1024 * 1024;

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

    private static final String HEARTBEAT_PREFIX = "{\"type\":\"heartbeat\",\"sentAtMillis\":";

    /**
     * Whether {@code json} is exactly a heartbeat as {@link #encode} writes it: the one message
     * every agent sends every few seconds, which a server with thousands of agents recognises
     * without a full parse. Anything else (other spellings included) goes through {@link #decode}.
     */
    public static boolean isHeartbeat(String json) {
        if (json.length() > HEARTBEAT_PREFIX.length() + 20 || !json.startsWith(HEARTBEAT_PREFIX) || !json.endsWith("}")) {
            return false;
        }
        int end = json.length() - 1;
        if (end == HEARTBEAT_PREFIX.length()) {
            return false;
        }
        for (int i = HEARTBEAT_PREFIX.length(); i < end; i++) {
            if (json.charAt(i) < '0' || json.charAt(i) > '9') {
                return false;
            }
        }
        return true;
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
