package io.tributary.inference.input;

import io.tributary.core.redis.RedisConnection;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code HGETALL}s sent to Redis in batches: commands wait in the connection's buffer until {@code maxBatch} distinct
 * keys are asked for or {@code maxDelayMicros} has passed, then go out in one write (one pipelined round trip per
 * Redis node), and a key asked for twice in one batch is read once. Sending each command on its own costs a system
 * call and a Redis read event per lookup, more than the lookup itself.
 *
 * <p>Not thread-safe for callers beyond one thread plus its own flusher; one instance per subtask.
 */
final class PipelinedHashReads implements AutoCloseable {
    private final RedisConnection redis;
    private final int maxBatch;
    private final ScheduledExecutorService flusher;
    private Map<String, CompletableFuture<Map<String, String>>> batch = new HashMap<>();
    private volatile long lastSentNanos;
    private long lastReflushNanos;

    /** @param redis a connection this instance alone uses: it turns the connection's automatic flushing off */
    PipelinedHashReads(RedisConnection redis, int maxBatch, long maxDelayMicros) {
        if (maxBatch < 1 || maxDelayMicros < 1) throw new IllegalArgumentException("maxBatch and maxDelayMicros must be positive");
        this.redis = redis;
        this.maxBatch = maxBatch;
        redis.setPipelining(maxBatch > 1);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-lookup-flusher");
            t.setDaemon(true);
            return t;
        });
        if (maxBatch > 1) flusher.scheduleWithFixedDelay(this::tick, maxDelayMicros, maxDelayMicros, TimeUnit.MICROSECONDS);
    }

    /**
     * The hash at {@code key}, read with the current batch.
     *
     * @throws RuntimeException when the connection refuses the command at once (Redis down and the connection fails fast)
     */
    CompletableFuture<Map<String, String>> hgetall(String key) {
        boolean full;
        CompletableFuture<Map<String, String>> reply;
        synchronized (this) {
            reply = batch.get(key);
            if (reply != null) return reply;
            reply = redis.async().hgetall(key).toCompletableFuture();
            batch.put(key, reply);
            full = batch.size() >= maxBatch;
        }
        if (full) flush();
        return reply;
    }

    /** Sends what waits in the buffer; later calls start a new batch. */
    void flush() {
        synchronized (this) {
            if (batch.isEmpty()) return;
            batch = new HashMap<>();
        }
        redis.flush();
        lastSentNanos = System.nanoTime();
    }

    /**
     * The flusher's round: the batch if any; else, for a second after the last batch, a flush every 20 ms, because on
     * a Redis Cluster a command routed to a node whose connection opened after the flush stays buffered until the
     * next one (lettuce issue 2420, as in {@link RedisConnection#await}).
     */
    private void tick() {
        try {
            boolean waiting;
            synchronized (this) {
                waiting = !batch.isEmpty();
            }
            if (waiting) {
                flush();
                return;
            }
            long now = System.nanoTime();
            if (now - lastSentNanos < 1_000_000_000L && now - lastReflushNanos > 20_000_000L) {
                lastReflushNanos = now;
                redis.flush();
            }
        } catch (RuntimeException e) {
            // a flush on a closed or failing connection: the lookups fail or time out on their own, the next round tries again
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        flush();
    }
}
