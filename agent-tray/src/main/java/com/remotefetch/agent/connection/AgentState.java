package com.remotefetch.agent.connection;

import java.util.Locale;
import java.time.Instant;

/**
 * What the agent is doing, as one immutable value: the tray draws it, the log prints it.
 *
 * @param status           the headline
 * @param detail           a human sentence: the server, the last error, the file being sent
 * @param nextRetryAt      when the next connection attempt is due (DISCONNECTED only), else null
 * @param activeTransfers  transfers running now
 */
public record AgentState(Status status, String detail, Instant nextRetryAt, int activeTransfers) {

    public enum Status {
        /** No usable configuration: the agent does not try to connect. */
        NOT_CONFIGURED,
        /** Lost or never had a connection; the next attempt is at {@code nextRetryAt}. */
        DISCONNECTED,
        /** The server turned the agent's credentials down; it keeps retrying, slowly. */
        REFUSED,
        /** Another agent connected with this agent's id and replaced it: a configuration error; retries rarely. */
        ID_CONFLICT,
        CONNECTING,
        CONNECTED,
        TRANSFERRING
    }

    public static AgentState notConfigured(String why) {
        return new AgentState(Status.NOT_CONFIGURED, why, null, 0);
    }

    public static AgentState initial() {
        return new AgentState(Status.DISCONNECTED, "not started", null, 0);
    }

    /** True while the agent holds a socket the server accepted. */
    public boolean online() {
        return status == Status.CONNECTED || status == Status.TRANSFERRING;
    }

    /** One line for the log. */
    public String describe() {
        StringBuilder b = new StringBuilder(status.name().toLowerCase(Locale.ROOT)).append(": ").append(detail);
        if (nextRetryAt != null) {
            b.append(" (next attempt at ").append(nextRetryAt).append(')');
        }
        if (activeTransfers > 0) {
            b.append(" [").append(activeTransfers).append(" transfers]");
        }
        return b.toString();
    }
}
