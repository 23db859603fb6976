package com.remotefetch.server.cluster;

import com.remotefetch.server.hub.AgentDirectory;
import com.remotefetch.server.hub.AgentHub;
import com.remotefetch.server.hub.AgentListing;
import com.remotefetch.server.hub.AgentSession;
import com.remotefetch.server.hub.LocalDirectory;
import com.remotefetch.server.hub.Uploads;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent registry shared by several instances through Redis.
 *
 * <p>Each instance writes its own agents: {@code rf:agent:ID} (the listing, as JSON) and
 * {@code rf:owner:ID} ({@code "instance generation"}), both expiring after the entry TTL unless
 * refreshed, plus the id in the set {@code rf:agents}. A connection's generation comes from
 * {@code INCR rf:gen:ID}; a connection that ends removes the entries only if they still carry its
 * generation (a Lua compare-and-delete), so an old connection's late close on one instance never
 * removes the same agent's newer connection on another. Changes are announced on the channel
 * {@code rf:events}; every instance then refreshes its subscribers, and the one still holding an
 * older connection for an id that joined elsewhere closes it (newest wins, as on one instance).
 *
 * <p>Redis being away is not fatal: listings fall back to this instance's own agents,
 * {@code /health} says so, and the periodic refresh rebuilds this instance's entries when it returns.
 */
public final class RedisDirectory implements AgentDirectory, AgentHub.Membership, Uploads.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisDirectory.class);
    private static final String AGENTS = "rf:agents";
    private static final String EVENTS = "rf:events";
    /** Deletes an agent's entries only if they are still this connection's. */
    private static final String COMPARE_AND_DELETE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "redis.call('DEL', KEYS[1], KEYS[2]); redis.call('SREM', KEYS[3], ARGV[2]); return 1 end return 0";
    /** Writes an agent's entries if no other connection owns them (or they expired while Redis was away). */
    private static final String REFRESH = "local owner = redis.call('GET', KEYS[1]) "
            + "if owner == false or owner == ARGV[1] then "
            + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4]); redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4]); "
            + "redis.call('SADD', KEYS[3], ARGV[2]); return 1 end return 0";

    private final AgentHub hub;
    private final LocalDirectory local;
    private final ClusterConfig config;
    private final Supplier<String> advertiseUrl;
    private final JsonAdapter<AgentListing> json;
    private final RedisClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-refresh");
        t.setDaemon(true);
        return t;
    });
    /**
     * Extends an agent's entries if they are still this connection's; 0 when they are gone (Redis
     * lost them) or another connection owns them, and the full {@link #REFRESH} decides.
     */
    private static final String EXTEND = "local done = {} for i = 1, #KEYS / 2 do "
            + "if redis.call('GET', KEYS[2 * i - 1]) == ARGV[i + 1] then "
            + "redis.call('PEXPIRE', KEYS[2 * i - 1], ARGV[1]); redis.call('PEXPIRE', KEYS[2 * i], ARGV[1]); done[i] = 1 "
            + "else done[i] = 0 end end return done";
    /** Agents extended per script call: a few milliseconds of Redis's time each, never a long block. */
    private static final int EXTEND_BATCH = 500;

    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    /** The heartbeat time each agent's listing in Redis shows: an unchanged one is only extended. */
    private final Map<AgentSession, Instant> listed = new ConcurrentHashMap<>();
    /** This instance's connections and the generation each registered under. */
    private final Map<AgentSession, Long> generations = new ConcurrentHashMap<>();
    /** Upload ids of transfers held here. */
    private final Map<String, Boolean> uploads = new ConcurrentHashMap<>();

    /** Guarded by this. */
    private StatefulRedisConnection<String, String> connection;
    /** Guarded by this. */
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean redisUp;

    public RedisDirectory(AgentHub hub, ClusterConfig config, Supplier<String> advertiseUrl, Moshi moshi) {
        this.hub = hub;
        this.local = new LocalDirectory(hub);
        this.config = config;
        this.advertiseUrl = advertiseUrl;
        this.json = moshi.adapter(AgentListing.class);
        RedisURI uri = RedisURI.create(config.redisUrl());
        uri.setTimeout(Duration.ofSeconds(2));
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        hub.addMembership(this);
        // Local changes reach this instance's subscribers at once, Redis or not.
        hub.addListener(this::fireChange);
    }

    public RedisDirectory start() {
        long every = config.refresh().toMillis();
        timer.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    public boolean redisUp() {
        return redisUp;
    }

    // ---- listings --------------------------------------------------------------------------------

    @Override
    public List<AgentListing> list() {
        try {
            RedisCommands<String, String> redis = redis();
            List<String> ids = new ArrayList<>(redis.smembers(AGENTS));
            List<AgentListing> out = new ArrayList<>();
            if (!ids.isEmpty()) {
                var values = redis.mget(ids.stream().map(RedisDirectory::agentKey).toArray(String[]::new));
                for (int i = 0; i < ids.size(); i++) {
                    String value = values.get(i).getValueOrElse(null);
                    if (value == null) {
                        redis.srem(AGENTS, ids.get(i)); // its instance stopped refreshing it
                    } else {
                        out.add(json.fromJson(value));
                    }
                }
            }
            out.sort(Comparator.comparing(AgentListing::id));
            return out;
        } catch (RuntimeException | IOException e) {
            down(e);
            return local.list();
        }
    }

    @Override
    public Optional<String> elsewhere(String clientId) {
        if (hub.find(clientId).isPresent()) {
            return Optional.empty();
        }
        try {
            String owner = redis().get(ownerKey(clientId));
            return owner == null ? Optional.empty() : urlOf(owner.split(" ")[0]);
        } catch (RuntimeException e) {
            down(e);
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> uploadElsewhere(String uploadId) {
        try {
            String instance = redis().get(uploadKey(uploadId));
            return instance == null ? Optional.empty() : urlOf(instance);
        } catch (RuntimeException e) {
            down(e);
            return Optional.empty();
        }
    }

    private Optional<String> urlOf(String instance) {
        if (instance.equals(config.instanceId())) {
            return Optional.empty();
        }
        return Optional.ofNullable(redis().get(instanceKey(instance)));
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("instance", config.instanceId());
        h.put("redis", redisUp ? "up" : "down");
        h.put("agentsHere", hub.size());
        return h;
    }

    @Override
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void fireChange() {
        changeListeners.forEach(Runnable::run);
    }

    // ---- this instance's agents ------------------------------------------------------------------

    @Override
    public void joined(AgentSession session) {
        try {
            RedisCommands<String, String> redis = redis();
            long generation = redis.incr("rf:gen:" + session.clientId());
            generations.put(session, generation);
            String owner = config.instanceId() + " " + generation;
            SetArgs ttl = SetArgs.Builder.px(config.entryTtl().toMillis());
            redis.set(ownerKey(session.clientId()), owner, ttl);
            redis.set(agentKey(session.clientId()), json.toJson(session.listing(config.instanceId())), ttl);
            redis.sadd(AGENTS, session.clientId());
            redis.publish(EVENTS, "join " + session.clientId() + " " + owner);
        } catch (RuntimeException e) {
            down(e);
            generations.put(session, 0L); // registered by the next refresh
        }
    }

    @Override
    public void left(AgentSession session) {
        listed.remove(session);
        Long generation = generations.remove(session);
        if (generation == null) {
            return;
        }
        try {
            String id = session.clientId();
            Long removed = redis().eval(COMPARE_AND_DELETE, ScriptOutputType.INTEGER,
                    new String[] {ownerKey(id), agentKey(id), AGENTS}, config.instanceId() + " " + generation, id);
            if (removed != null && removed == 1) {
                redis().publish(EVENTS, "leave " + id);
            }
        } catch (RuntimeException e) {
            down(e); // its entries expire with their TTL
        }
    }

    @Override
    public void changed(AgentSession session) {
        write(session);
        try {
            redis().publish(EVENTS, "change " + session.clientId());
        } catch (RuntimeException e) {
            down(e);
        }
    }

    @Override
    public void opened(String uploadId) {
        uploads.put(uploadId, Boolean.TRUE);
        try {
            redis().set(uploadKey(uploadId), config.instanceId(), SetArgs.Builder.px(config.entryTtl().toMillis()));
        } catch (RuntimeException e) {
            down(e);
        }
    }

    @Override
    public void closed(String uploadId) {
        uploads.remove(uploadId);
        try {
            redis().del(uploadKey(uploadId));
        } catch (RuntimeException e) {
            down(e);
        }
    }

    /** {@link #REFRESH}'s keys for agent {@code id}: its owner entry, its listing, the set of agents. */
    private static String[] refreshKeys(String id) {
        return new String[] {ownerKey(id), agentKey(id), AGENTS};
    }

    /** {@link #REFRESH}'s arguments: this connection as owner, the id, the listing and the entries' lifetime. */
    private String[] refreshArgs(AgentSession session, long generation) {
        return new String[] {config.instanceId() + " " + generation, session.clientId(),
                json.toJson(session.listing(config.instanceId())), Long.toString(config.entryTtl().toMillis())};
    }

    /** Writes one agent's entries unless another connection owns them. */
    private boolean write(AgentSession session) {
        Long generation = generations.get(session);
        if (generation == null) {
            return false;
        }
        try {
            RedisCommands<String, String> redis = redis();
            if (generation == 0L) {
                generation = redis.incr("rf:gen:" + session.clientId());
                generations.put(session, generation);
            }
            listed.put(session, session.lastHeartbeat());
            Long written = redis.eval(REFRESH, ScriptOutputType.INTEGER, refreshKeys(session.clientId()),
                    refreshArgs(session, generation));
            return written != null && written == 1;
        } catch (RuntimeException e) {
            down(e);
            return false;
        }
    }

    /**
     * Every refresh period: this instance's address, agents and uploads, so that none of them
     * expires. The agents' refreshes go out pipelined (one script, loaded once per round, run by
     * its digest): 10,000 of them are one burst of writes and one wait, not 10,000 round trips.
     */
    private void refresh() {
        try {
            RedisCommands<String, String> redis = redis();
            SetArgs ttl = SetArgs.Builder.px(config.entryTtl().toMillis());
            redis.set(instanceKey(config.instanceId()), advertiseUrl.get(), ttl);
            boolean wasDown = !redisUp;
            redisUp = true;
            if (wasDown) {
                listed.clear(); // Redis may have lost everything: write every listing in full
            }
            String full = redis.scriptLoad(REFRESH);
            String extend = redis.scriptLoad(EXTEND);
            RedisAsyncCommands<String, String> async = asyncRedis();
            String ttlMillis = Long.toString(config.entryTtl().toMillis());
            List<RedisFuture<?>> pending = new ArrayList<>();
            List<AgentSession> unchanged = new ArrayList<>();
            for (AgentSession session : hub.sessions()) {
                generations.putIfAbsent(session, 0L);
                Long generation = generations.get(session);
                if (generation == null || generation == 0L) {
                    write(session); // not registered yet (Redis was away when it joined): the full path
                    continue;
                }
                Instant heartbeat = session.lastHeartbeat();
                if (heartbeat.equals(listed.get(session))) {
                    unchanged.add(session);
                    continue;
                }
                listed.put(session, heartbeat);
                pending.add(async.evalsha(full, ScriptOutputType.INTEGER, refreshKeys(session.clientId()),
                        refreshArgs(session, generation)));
            }
            // Unchanged listings are only extended, EXTEND_BATCH agents per call.
            List<List<AgentSession>> batches = new ArrayList<>();
            List<RedisFuture<List<Long>>> extended = new ArrayList<>();
            for (int from = 0; from < unchanged.size(); from += EXTEND_BATCH) {
                List<AgentSession> batch = unchanged.subList(from, Math.min(unchanged.size(), from + EXTEND_BATCH));
                String[] keys = new String[batch.size() * 2];
                String[] args = new String[batch.size() + 1];
                args[0] = ttlMillis;
                for (int i = 0; i < batch.size(); i++) {
                    AgentSession session = batch.get(i);
                    keys[2 * i] = ownerKey(session.clientId());
                    keys[2 * i + 1] = agentKey(session.clientId());
                    args[i + 1] = config.instanceId() + " " + generations.getOrDefault(session, 0L);
                }
                batches.add(batch);
                RedisFuture<List<Long>> f = async.evalsha(extend, ScriptOutputType.MULTI, keys, args);
                extended.add(f);
                pending.add(f);
            }
            if (!LettuceFutures.awaitAll(config.refresh(), pending.toArray(new RedisFuture[0]))) {
                throw new RedisCommandTimeoutException("refreshing " + hub.size() + " agents took over "
                        + config.refresh().toMillis() + " ms");
            }
            for (int b = 0; b < batches.size(); b++) {
                List<Long> done = extended.get(b).toCompletableFuture().getNow(List.of());
                for (int i = 0; i < batches.get(b).size(); i++) {
                    if (i >= done.size() || done.get(i) == 0L) {
                        write(batches.get(b).get(i)); // its entries were gone: written in full, if still this connection's
                    }
                }
            }
            for (String uploadId : uploads.keySet()) {
                redis.set(uploadKey(uploadId), config.instanceId(), ttl);
            }
            if (wasDown) {
                log.info("Redis at {} is reachable; this instance's {} agents are registered", config.redisUrl(), hub.size());
                redis.publish(EVENTS, "change *");
            }
        } catch (RuntimeException e) {
            down(e);
        }
    }

    // ---- Redis -----------------------------------------------------------------------------------

    /** The shared connection's commands (connecting if needed); throws while Redis is away. */
    public synchronized RedisCommands<String, String> redis() {
        if (connection == null) {
            connection = client.connect();
            subscribe();
        }
        return connection.sync();
    }

    /** The shared connection's asynchronous commands, for pipelined bursts; throws while Redis is away. */
    private synchronized RedisAsyncCommands<String, String> asyncRedis() {
        redis();
        return connection.async();
    }

    private void subscribe() {
        pubSub = client.connectPubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onEvent(message);
            }
        });
        pubSub.sync().subscribe(EVENTS);
    }

    /** An agent joined, left or changed somewhere: tell subscribers, and yield an id that moved. */
    private void onEvent(String message) {
        String[] parts = message.split(" ");
        if (parts.length >= 3 && parts[0].equals("join") && !parts[2].equals(config.instanceId())) {
            hub.find(parts[1]).ifPresent(stale -> {
                log.info("agent {} connected to instance {}; closing its older connection here", parts[1], parts[2]);
                stale.replaced();
            });
        }
        fireChange();
    }

    private void down(Exception e) {
        if (redisUp) {
            log.warn("Redis at {} is unreachable ({}); serving this instance's agents only until it returns",
                    config.redisUrl(), e.toString());
        }
        redisUp = false;
    }

    private static String agentKey(String id) {
        return "rf:agent:" + id;
    }

    private static String ownerKey(String id) {
        return "rf:owner:" + id;
    }

    private static String uploadKey(String id) {
        return "rf:upload:" + id;
    }

    private static String instanceKey(String id) {
        return "rf:instance:" + id;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            if (pubSub != null) {
                pubSub.close();
            }
            if (connection != null) {
                connection.close();
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
