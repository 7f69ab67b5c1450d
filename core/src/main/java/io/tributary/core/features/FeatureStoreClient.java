package io.tributary.core.features;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.tributary.core.redis.RedisConnection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Online feature reads: many entities and views in one pipelined round trip to Redis, each value with a
 * {@link FeatureStatus} that honours the view's TTL (max age).
 *
 * <pre>{@code
 * try (FeatureStoreClient client = new FeatureStoreClient("redis://127.0.0.1:6379", "tributary", views)) {
 *     List<Map<String, FeatureValue>> rows = client.getOnlineFeatures(
 *         List.of("origin_1h:mean_delay", "route_24h:late_rate"),
 *         List.of(Map.of("origin", "ORD", "destination", "LAX")));
 * }
 * }</pre>
 */
public final class FeatureStoreClient implements AutoCloseable {
    private static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final RedisConnection redis;
    private final String redisUri;
    private final String namespace;
    private final Map<String, FeatureViewInfo> views = new LinkedHashMap<>();

    public FeatureStoreClient(String redisUri, String namespace, List<FeatureViewInfo> views) {
        // fail fast while Redis is down: a lookup should say so now, not after READ_TIMEOUT
        this.redis = RedisConnection.connect(redisUri, RedisConnection.WhileDisconnected.FAIL_FAST);
        this.redisUri = redisUri;
        this.redis.setPipelining(true);
        this.namespace = namespace;
        for (FeatureViewInfo v : views) this.views.put(v.name(), v);
    }

    /**
     * Values of {@code features} ("view:feature") for each entity row (entity key name to value), as of now.
     *
     * @return one map per entity row, keyed by feature reference, in the order asked
     */
    public List<Map<String, FeatureValue>> getOnlineFeatures(List<String> features, List<Map<String, String>> entityRows) {
        return getOnlineFeatures(features, entityRows, Instant.now());
    }

    /** As {@link #getOnlineFeatures(List, List)}, judging max age as of {@code asOf} (replays of history). */
    public List<Map<String, FeatureValue>> getOnlineFeatures(List<String> features, List<Map<String, String>> entityRows,
                                                             Instant asOf) {
        List<String[]> refs = new ArrayList<>();
        for (String f : features) refs.add(parse(f));
        // one HGETALL per (row, view): a view's features share a hash
        List<Map<String, RedisFuture<Map<String, String>>>> pending = new ArrayList<>();
        for (Map<String, String> row : entityRows) {
            Map<String, RedisFuture<Map<String, String>>> byView = new LinkedHashMap<>();
            for (String[] ref : refs) {
                FeatureViewInfo view = views.get(ref[0]);
                byView.computeIfAbsent(ref[0], v -> hgetall(OnlineStoreLayout.key(namespace, v, view.entity(row))));
            }
            pending.add(byView);
        }
        redis.flush();
        List<Map<String, FeatureValue>> out = new ArrayList<>();
        for (Map<String, RedisFuture<Map<String, String>>> byView : pending) {
            Map<String, FeatureValue> values = new LinkedHashMap<>();
            for (String[] ref : refs) {
                Map<String, String> hash = await(byView.get(ref[0]));
                values.put(ref[0] + ":" + ref[1], value(views.get(ref[0]), hash, ref[1], asOf));
            }
            out.add(values);
        }
        return out;
    }

    /** Values of {@code features} of one view for entity strings (key values joined by '|'), as of {@code asOf}. */
    public Map<String, Map<String, FeatureValue>> getOnlineFeatures(String view, List<String> features, List<String> entities,
                                                                    Instant asOf) {
        FeatureViewInfo info = requireView(view);
        List<String> names = features.isEmpty() ? info.features().stream().map(FeatureViewInfo.Feature::name).toList() : features;
        for (String f : names) info.feature(f);
        Map<String, RedisFuture<Map<String, String>>> pending = new LinkedHashMap<>();
        for (String e : entities) pending.put(e, hgetall(OnlineStoreLayout.key(namespace, view, e)));
        redis.flush();
        Map<String, Map<String, FeatureValue>> out = new LinkedHashMap<>();
        for (Map.Entry<String, RedisFuture<Map<String, String>>> p : pending.entrySet()) {
            Map<String, String> hash = await(p.getValue());
            Map<String, FeatureValue> values = new LinkedHashMap<>();
            for (String f : names) values.put(f, value(info, hash, f, asOf));
            out.put(p.getKey(), values);
        }
        return out;
    }

    /** The value of {@code feature} in a view's Redis hash, with its status as of {@code asOf} (the view's TTL is the max age). */
    public static FeatureValue value(FeatureViewInfo view, Map<String, String> hash, String feature, Instant asOf) {
        if (hash == null || hash.isEmpty()) return FeatureValue.NOT_FOUND;
        String v = hash.get(feature);
        long windowEnd = Long.parseLong(hash.getOrDefault(OnlineStoreLayout.WINDOW_END, "-1"));
        if (v == null) return new FeatureValue(null, FeatureStatus.NOT_FOUND, windowEnd);
        if (windowEnd > asOf.toEpochMilli()) return new FeatureValue(null, FeatureStatus.NEWER_THAN_AS_OF, windowEnd);
        boolean tooOld = !view.ttl().isZero() && windowEnd < asOf.toEpochMilli() - view.ttl().toMillis();
        return new FeatureValue(v, tooOld ? FeatureStatus.OUTSIDE_MAX_AGE : FeatureStatus.PRESENT, windowEnd);
    }

    private String[] parse(String ref) {
        int colon = ref.indexOf(':');
        if (colon <= 0 || colon == ref.length() - 1) {
            throw new IllegalArgumentException("a feature reference looks like 'view:feature', got '" + ref + "'");
        }
        String view = ref.substring(0, colon);
        requireView(view).feature(ref.substring(colon + 1));
        return new String[] {view, ref.substring(colon + 1)};
    }

    private FeatureViewInfo requireView(String view) {
        FeatureViewInfo info = views.get(view);
        if (info == null) throw new IllegalArgumentException("unknown feature view '" + view + "'; known: " + views.keySet());
        return info;
    }

    private RedisFuture<Map<String, String>> hgetall(String key) {
        try {
            return redis.async().hgetall(key);
        } catch (RedisException e) { // some lettuce paths refuse a command on a closed connection by throwing
            throw unavailable(e);
        }
    }

    private Map<String, String> await(RedisFuture<Map<String, String>> f) {
        try {
            return redis.await(f, READ_TIMEOUT);
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // an error reply is Redis answering; anything else ("Currently not connected", "Connection disconnected") is its absence
            if (cause instanceof RedisCommandExecutionException) {
                throw new IllegalStateException("reading online features from Redis failed: " + cause.getMessage(), e);
            }
            throw unavailable(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading online features", e);
        }
    }

    private OnlineStoreUnavailableException unavailable(Throwable cause) {
        return new OnlineStoreUnavailableException("online store unavailable: Redis at " + redisUri + " does not answer ("
                + cause.getMessage() + "); the client reconnects by itself within ~100 ms of Redis being back", cause);
    }

    @Override
    public void close() { redis.close(); }
}
