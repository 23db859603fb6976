package com.remotefetch.server.hub;

import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.protocol.ProtocolException;
import com.remotefetch.server.config.ServerConfig;
import com.remotefetch.server.metrics.Metrics;
import io.javalin.websocket.WsConfig;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Javalin's WebSocket events for {@code /ws/agent} to one {@link AgentSession} each. */
public final class AgentEndpoint {
    private static final Logger log = LoggerFactory.getLogger(AgentEndpoint.class);
    /** The upgrade request attribute holding the client id the agent's token proves. */
    public static final String AUTHENTICATED_ID = "remotefetch.agent";
    /** The upgrade request attribute holding the token that proved it, checked again while connected. */
    public static final String CREDENTIAL = "remotefetch.agent.credential";
    /** The upgrade request attribute holding the agent's address, as trusted proxies report it. */
    public static final String REMOTE_ADDRESS = "remotefetch.agent.address";

    private final AgentHub hub;
    private final Protocol protocol;
    private final ServerConfig config;
    private final Metrics metrics;
    private final Map<String, AgentSession> bySocket = new ConcurrentHashMap<>();

    public AgentEndpoint(AgentHub hub, Protocol protocol, ServerConfig config, Metrics metrics) {
        this.hub = hub;
        this.protocol = protocol;
        this.config = config;
        this.metrics = metrics;
    }

    public void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setIdleTimeout(config.agentIdleTimeout());
            ctx.session.setMaxBinaryMessageSize(DataFrame.HEADER_BYTES + DataFrame.MAX_PAYLOAD_BYTES);
            ctx.session.setMaxTextMessageSize(Protocol.MAX_TEXT_MESSAGE_BYTES);
            String authenticatedId = ctx.attribute(AUTHENTICATED_ID);
            bySocket.put(ctx.sessionId(), new AgentSession(ctx.session, protocol, hub, ctx.attribute(REMOTE_ADDRESS),
                    authenticatedId, ctx.attribute(CREDENTIAL)));
        });
        ws.onMessage(ctx -> {
            AgentSession session = bySocket.get(ctx.sessionId());
            try {
                session.onText(ctx.message());
            } catch (ProtocolException e) {
                violation(session, e);
            }
        });
        ws.onBinaryMessage(ctx -> {
            AgentSession session = bySocket.get(ctx.sessionId());
            try {
                // Jetty 11 hands each whole binary message over in an array of its own, so the
                // payload can be passed on without a copy.
                session.onBinary(ByteBuffer.wrap(ctx.data(), ctx.offset(), ctx.length()));
            } catch (ProtocolException e) {
                violation(session, e);
            }
        });
        ws.onClose(ctx -> {
            AgentSession session = bySocket.remove(ctx.sessionId());
            if (session != null) {
                session.onClosed("closed " + ctx.status() + (ctx.reason() == null ? "" : " " + ctx.reason()));
            }
        });
        ws.onError(ctx -> {
            AgentSession session = bySocket.remove(ctx.sessionId());
            if (session != null) {
                Throwable error = ctx.error();
                session.onClosed("connection error: " + (error == null ? "unknown" : error.toString()));
            }
        });
    }

    private void violation(AgentSession session, ProtocolException e) {
        metrics.protocolViolation();
        log.warn("protocol violation by agent {} from {}: {}", session.clientId(), session.remoteAddress(),
                e.getMessage());
        session.close(Protocol.CLOSE_PROTOCOL_ERROR, truncate(e.getMessage()));
    }

    /** A close reason must fit in a control frame (123 bytes of UTF-8). */
    private static String truncate(String reason) {
        String r = reason == null ? "protocol error" : reason;
        return r.length() <= 100 ? r : r.substring(0, 100);
    }
}
