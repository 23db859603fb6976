package com.remotefetch.agent.connection;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The observable agent state: one current value and listeners told of every change. */
public final class StateHolder {
    private static final Logger log = LoggerFactory.getLogger(StateHolder.class);

    private final List<Consumer<AgentState>> listeners = new CopyOnWriteArrayList<>();
    private final boolean logChanges;
    /** Guarded by this. */
    private AgentState current = AgentState.initial();

    /** A holder that logs each change of status or detail in one line. */
    public StateHolder() {
        this(true);
    }

    /** {@code logChanges} false for a holder that only mirrors another (no duplicate lines). */
    public StateHolder(boolean logChanges) {
        this.logChanges = logChanges;
    }

    public synchronized AgentState current() {
        return current;
    }

    public void addListener(Consumer<AgentState> listener) {
        listeners.add(listener);
        listener.accept(current());
    }

    public void removeListener(Consumer<AgentState> listener) {
        listeners.remove(listener);
    }

    public void update(UnaryOperator<AgentState> change) {
        AgentState before;
        AgentState after;
        synchronized (this) {
            before = current;
            after = change.apply(before);
            current = after;
        }
        if (!after.equals(before)) {
            if (logChanges && (after.status() != before.status() || !after.detail().equals(before.detail()))) {
                log.info("agent {}", after.describe());
            }
            listeners.forEach(l -> l.accept(after));
        }
    }
}
