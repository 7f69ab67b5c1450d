package io.tributary.inference.input;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.features.FeatureStoreClient;
import io.tributary.core.features.FeatureValue;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.redis.RedisConnection;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Assembles a model's inputs for each event (Flink async I/O): one asynchronous HGETALL per feature view in Redis for
 * the event's entity, sent in pipelined batches ({@link PipelinedHashReads}: up to {@value #LOOKUP_BATCH} distinct keys
 * or {@value #LOOKUP_DELAY_MICROS} µs), the payload and time inputs computed from the event itself. An online value that is missing,
 * older than its view's TTL (as of the event's time, so replays of history judge freshness as it was), or not back
 * within the operator's timeout becomes the input's default, and its status says which; the counters count them.
 */
public final class OnlineFeatureLookup extends RichAsyncFunction<EventEnvelope, ScoringRequest> {
    private static final long serialVersionUID = 1L;
    /** Distinct keys per pipelined batch; the async operator's capacity bounds how many lookups are open anyway. */
    static final int LOOKUP_BATCH = 64;
    /** The longest a lookup waits for its batch to fill: far below a network round trip plus Redis's own time. */
    static final long LOOKUP_DELAY_MICROS = 200;

    private final String redisUri;
    private final String namespace;
    private final List<InputFeature> inputs;
    private final Map<String, FeatureViewInfo> views;
    private transient RedisConnection redis;
    private transient PipelinedHashReads reads;
    private transient Counter defaulted;
    private transient Counter timeouts;
    private transient org.apache.flink.metrics.Histogram redisMicros;

    /** @param views the views the online inputs read (entity keys, TTL), by name */
    public OnlineFeatureLookup(String redisUri, String namespace, List<InputFeature> inputs, Map<String, FeatureViewInfo> views) {
        this.redisUri = redisUri;
        this.namespace = namespace;
        this.inputs = List.copyOf(inputs);
        this.views = new LinkedHashMap<>(views);
        for (InputFeature in : inputs) {
            if (in.kind() == InputFeature.Kind.ONLINE) {
                FeatureViewInfo v = views.get(in.view());
                if (v == null) throw new IllegalArgumentException("input " + in.name() + " reads view '" + in.view()
                        + "', which is not in the feature registry; registered views: " + views.keySet());
                v.feature(in.field()); // names the view's features when this one is not among them
            }
        }
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        if (inputs.stream().anyMatch(i -> i.kind() == InputFeature.Kind.ONLINE)) {
            // fail fast while Redis is down: the event is scored at once with the input's default (status ERROR)
            // instead of waiting out the lookup timeout, and lookups resume within ~100 ms of Redis coming back
            redis = RedisConnection.connect(redisUri, RedisConnection.WhileDisconnected.FAIL_FAST);
            reads = new PipelinedHashReads(redis, LOOKUP_BATCH, LOOKUP_DELAY_MICROS);
        }
        defaulted = getRuntimeContext().getMetricGroup().counter("onlineFeaturesDefaulted");
        timeouts = getRuntimeContext().getMetricGroup().counter("onlineLookupTimeouts");
        redisMicros = getRuntimeContext().getMetricGroup().histogram("redisLookupMicros",
                new org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public void asyncInvoke(EventEnvelope e, ResultFuture<ScoringRequest> result) {
        long received = micros();
        Map<String, String> entityRow = new HashMap<>();
        e.getPayload().forEach((k, v) -> { if (v != null) entityRow.put(k, v.toString()); });
        Map<String, CompletableFuture<Map<String, String>>> byView = new LinkedHashMap<>();
        for (InputFeature in : inputs) {
            if (in.kind() != InputFeature.Kind.ONLINE || byView.containsKey(in.view())) continue;
            FeatureViewInfo view = views.get(in.view());
            CompletableFuture<Map<String, String>> f;
            try {
                f = reads.hgetall(OnlineStoreLayout.key(namespace, view.name(), view.entity(entityRow)));
            } catch (IllegalArgumentException noEntity) {
                f = CompletableFuture.completedFuture(Map.of()); // the event lacks the view's entity key: NOT_FOUND
            } catch (RuntimeException redisDown) {
                f = CompletableFuture.failedFuture(redisDown);
            }
            byView.put(in.view(), f);
        }
        CompletableFuture.allOf(byView.values().toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
            if (!byView.isEmpty()) redisMicros.update(micros() - received);
            Map<String, Double> values = new LinkedHashMap<>();
            Map<String, String> statuses = new LinkedHashMap<>();
            Instant asOf = Instant.ofEpochMilli(e.getEventTimeMillis());
            for (InputFeature in : inputs) {
                if (in.kind() != InputFeature.Kind.ONLINE) {
                    values.put(in.name(), in.fromEvent(e.getPayload(), e.getEventTimeMillis()));
                    continue;
                }
                CompletableFuture<Map<String, String>> f = byView.get(in.view());
                if (f.isCompletedExceptionally()) {
                    values.put(in.name(), in.defaultValue());
                    statuses.put(in.name(), "ERROR");
                    defaulted.inc();
                    continue;
                }
                FeatureValue v = FeatureStoreClient.value(views.get(in.view()), f.join(), in.field(), asOf);
                boolean present = v.status() == io.tributary.core.features.FeatureStatus.PRESENT && v.value() != null;
                values.put(in.name(), present ? parse(v.value(), in.defaultValue()) : in.defaultValue());
                statuses.put(in.name(), v.status().name());
                if (!present) defaulted.inc();
            }
            result.complete(List.of(new ScoringRequest(e.getKey(), e.getEventTimeMillis(), values, statuses, received)));
        });
    }

    @Override
    public void timeout(EventEnvelope e, ResultFuture<ScoringRequest> result) {
        timeouts.inc();
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> statuses = new LinkedHashMap<>();
        for (InputFeature in : inputs) {
            if (in.kind() == InputFeature.Kind.ONLINE) {
                values.put(in.name(), in.defaultValue());
                statuses.put(in.name(), "TIMEOUT");
                defaulted.inc();
            } else {
                values.put(in.name(), in.fromEvent(e.getPayload(), e.getEventTimeMillis()));
            }
        }
        result.complete(List.of(new ScoringRequest(e.getKey(), e.getEventTimeMillis(), values, statuses, micros())));
    }

    private static double parse(String text, double fallback) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException notNumeric) {
            return fallback;
        }
    }

    static long micros() {
        Instant now = Instant.now();
        return ChronoUnit.MICROS.between(Instant.EPOCH, now);
    }

    @Override
    public void close() {
        if (reads != null) reads.close();
        if (redis != null) redis.close();
    }
}
