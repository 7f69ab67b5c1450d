package io.tributary.core.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisHashAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.async.RedisServerAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A lettuce connection to a single Redis ({@code redis://host:port}) or a Redis Cluster
 * ({@code redis-cluster://host:port[,host:port...]}), with explicit pipelining: commands are buffered until
 * {@link #flush()}, so many keys cost one round trip.
 */
public final class RedisConnection implements AutoCloseable {
    private static final Duration REFLUSH_EVERY = Duration.ofMillis(20);
    /**
     * Reconnect attempts after a lost connection: 10, 20, 40, 80, 100, 100 ... ms. Lettuce's default backoff grows to
     * 30 s, so a Redis back after a few seconds was only used again up to 30 s later.
     */
    static final Delay RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(100), 2, TimeUnit.MILLISECONDS);

    /** What commands issued while the connection is down do. */
    public enum WhileDisconnected {
        /** Queue them and send them after the reconnect (writers: a short outage costs no failed write). */
        QUEUE,
        /**
         * Fail them at once (readers: a lookup answers "Redis is down" now instead of waiting for a timeout). Single
         * Redis only; a Redis Cluster connection queues.
         */
        FAIL_FAST
    }

    private final ClientResources resources;
    private final AutoCloseable client;
    private final StatefulConnection<String, String> connection;
    private final Commands commands;

    private RedisConnection(ClientResources resources, AutoCloseable client, StatefulConnection<String, String> connection,
                            Commands commands) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
    }

    /** Connects to {@code uri}, queueing commands while disconnected; throws with the URI in the message when it cannot. */
    public static RedisConnection connect(String uri) { return connect(uri, WhileDisconnected.QUEUE); }

    /** Connects to {@code uri}; reconnects automatically within ~100 ms of Redis accepting connections again. */
    public static RedisConnection connect(String uri, WhileDisconnected whileDisconnected) {
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(RECONNECT_DELAY).build();
        ClientOptions.DisconnectedBehavior behavior = whileDisconnected == WhileDisconnected.FAIL_FAST
                ? ClientOptions.DisconnectedBehavior.REJECT_COMMANDS : ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS;
        try {
            if (uri.startsWith("redis-cluster://")) {
                List<RedisURI> seeds = new ArrayList<>();
                for (String hostPort : uri.substring("redis-cluster://".length()).split(",")) {
                    seeds.add(RedisURI.create("redis://" + hostPort.trim()));
                }
                RedisClusterClient client = RedisClusterClient.create(resources, seeds);
                // queue even for FAIL_FAST: node connections open lazily, and lettuce rejects a command that meets one
                // still connecting (every first read of a fresh client failed with REJECT_COMMANDS)
                client.setOptions(ClusterClientOptions.builder().autoReconnect(true).build());
                StatefulRedisClusterConnection<String, String> c = client.connect();
                return new RedisConnection(resources, client::shutdown, c, commands(c.async()));
            }
            RedisClient client = RedisClient.create(resources, RedisURI.create(uri));
            client.setOptions(ClientOptions.builder().autoReconnect(true).disconnectedBehavior(behavior).build());
            StatefulRedisConnection<String, String> c = client.connect();
            return new RedisConnection(resources, client::shutdown, c, commands(c.async()));
        } catch (RuntimeException e) {
            resources.shutdown();
            throw new IllegalStateException("cannot connect to Redis at " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Single-node and cluster async APIs share these interfaces; one adapter serves both. */
    private static <T extends RedisScriptingAsyncCommands<String, String> & RedisHashAsyncCommands<String, String>
            & RedisServerAsyncCommands<String, String>> Commands commands(T async) {
        return new Commands() {
            public RedisFuture<Long> eval(String script, String[] keys, String... args) {
                return async.eval(script, ScriptOutputType.INTEGER, keys, args);
            }
            public RedisFuture<Map<String, String>> hgetall(String key) { return async.hgetall(key); }
            public RedisFuture<String> flushall() { return async.flushall(); }
        };
    }

    /** Buffer commands until {@link #flush()} (true) or send each at once (false, the default). */
    public void setPipelining(boolean pipelining) { connection.setAutoFlushCommands(!pipelining); }

    /** Sends buffered commands. */
    public void flush() { connection.flushCommands(); }

    /**
     * The reply to a command sent with pipelining on, waiting at most {@code timeout}. Flushes again every 20 ms while it
     * waits: on a cluster, a command routed to a node whose connection opened after the last flush stays in that
     * connection's buffer until the next flush (lettuce issue 2420; seen here as a 10 s hang on a fresh client's first
     * read).
     */
    public <T> T await(RedisFuture<T> reply, Duration timeout) throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return reply.get(REFLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                if (System.nanoTime() > deadline) throw new TimeoutException("no reply from Redis in " + timeout.toMillis() + " ms");
                flush();
            }
        }
    }

    public Commands async() { return commands; }

    public void setTimeout(Duration timeout) { connection.setTimeout(timeout); }

    @Override
    public void close() {
        try {
            connection.close();
            client.close();
        } catch (Exception ignored) {
            // closing is best effort
        } finally {
            resources.shutdown();
        }
    }

    /** The commands Tributary uses, on single Redis and Redis Cluster alike. */
    public interface Commands {
        RedisFuture<Long> eval(String script, String[] keys, String... args);
        RedisFuture<Map<String, String>> hgetall(String key);
        RedisFuture<String> flushall();
    }
}
