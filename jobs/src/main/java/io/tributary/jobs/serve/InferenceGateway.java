package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.models.RegistryState;
import io.tributary.core.topic.TopicNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The protocol-neutral core of {@code tributary serve}: model metadata and readiness from the registry, and inference
 * through the scoring job. An infer request of N rows becomes N event envelopes on {@code requests.<model>} (keys
 * {@code <request id>-<row>}, event time now, payload the row's inputs by name); the request is answered when the
 * scoring job's predictions for all N keys have appeared on {@code predictions.<model>}.
 *
 * <p>A request is <em>accepted</em> once its rows are on the requests topic: the scoring job then scores it whatever
 * becomes of the gateway, so its predictions are logged even when its answer is lost. An accepted request that gets
 * no answer (timeout, Kafka refused a row) is logged as failed with its request id. {@link #drain} stops accepting
 * and waits for the accepted requests, so a stopped gateway answers every request it accepted.
 */
public final class InferenceGateway implements AutoCloseable {
    /** Kafka header of a request row: the client's own id of the request (the protocol's {@code id}), when it sent one. */
    public static final String CLIENT_ID_HEADER = "client-id";
    private static final Logger LOG = LoggerFactory.getLogger(InferenceGateway.class);

    /**
     * A row's answer: the score (NaN for a model that has none: not a binary classifier), which version and variant
     * (alias) served it, and the model's outputs by name as the prediction carried them (an empty object if none).
     */
    public record RowPrediction(double score, int version, String variant, JsonNode outputs) {}

    /** The answer to one infer request. */
    public record InferResult(String requestId, String clientId, String model, List<RowPrediction> rows) {
        /** The version that served, or the versions joined by ',' when an A/B split served several. */
        public String modelVersion() {
            TreeSet<Integer> versions = new TreeSet<>();
            rows.forEach(r -> versions.add(r.version()));
            return String.join(",", versions.stream().map(String::valueOf).toList());
        }
    }

    /** A model's metadata (Open Inference Protocol). */
    public record ModelMetadata(String name, List<String> versions, String platform, ModelSignature signature) {}

    private final ServeSettings settings;
    private final RegistryCache registry;
    private final KafkaProducer<byte[], byte[]> producer;
    private final EventSerde serde = new EventSerde();
    private final Map<String, PredictionListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean draining;

    public InferenceGateway(ServeSettings settings) {
        this.settings = settings;
        this.registry = new RegistryCache(settings.bootstrapServers(), 1_000);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                // a send blocks while the broker is unreachable: no longer than a request may wait
                ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(settings.timeout().toMillis())),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Ready while the registry is being read: its last read succeeded within the last 10 s (it is re-read every second). */
    public boolean ready() { return !draining && registry.fresh(10_000); }

    public ModelMetadata metadata(String model, String version) {
        RegistryState.Model m = model(model);
        RegistryState.Version v = version(m, version);
        List<String> versions = m.versions().values().stream().filter(x -> !x.archived()).map(x -> String.valueOf(x.number())).toList();
        return new ModelMetadata(m.name(), versions, "onnx", ModelSignature.of(v));
    }

    /** Ready: without a version, the model has a champion; with one, some alias serves that version. */
    public boolean modelReady(String model, String version) {
        RegistryState.Model m = model(model);
        if (version == null || version.isEmpty()) return m.aliased("champion").filter(v -> !v.archived()).isPresent();
        RegistryState.Version v = version(m, version);
        return m.aliases().values().stream().anyMatch(a -> a.version() == v.number());
    }

    /**
     * Scores the request's rows through the scoring job. Fails with NOT_FOUND (unknown model or version), INVALID (a
     * tensor that does not fit the model, or a version that is not the champion), OVERLOADED (the model's requests in
     * flight are at the limit), TIMEOUT (the scoring job did not answer in time) or UNAVAILABLE (Kafka refused the
     * request). Blocks only the first time a model is asked for (topics, the predictions reader).
     */
    public CompletableFuture<InferResult> infer(String model, String version, String clientId, List<InputTensor> tensors) {
        // counted before the draining check: drain() either sees this request or this request sees drain()
        accepted.incrementAndGet();
        boolean handedOff = false;
        try {
            if (draining) throw new ServeException(ServeException.Kind.UNAVAILABLE, "the gateway is stopping; retry (another instance, or this one once restarted)");
            Map<String, double[]> columns = checkedColumns(model, version, tensors);
            Semaphore permits = inFlight.computeIfAbsent(model, k -> new Semaphore(settings.maxInFlightPerModel()));
            if (!permits.tryAcquire()) {
                throw new ServeException(ServeException.Kind.OVERLOADED, settings.maxInFlightPerModel() + " requests of '" + model
                        + "' are in flight (serve.max-in-flight-per-model); retry later");
            }
            try {
                CompletableFuture<InferResult> answer = send(model, clientId, columns).whenComplete((r, e) -> {
                    permits.release();
                    accepted.decrementAndGet();
                });
                handedOff = true;
                return answer;
            } finally {
                if (!handedOff) permits.release();
            }
        } finally {
            if (!handedOff) accepted.decrementAndGet();
        }
    }

    /** The request's rows by input, checked against the champion's signature. */
    private Map<String, double[]> checkedColumns(String model, String version, List<InputTensor> tensors) {
        RegistryState.Model m = model(model);
        RegistryState.Version champion = m.aliased("champion").orElseThrow(() -> new ServeException(ServeException.Kind.UNAVAILABLE,
                "model '" + model + "' has no champion: promote a version (tributary models promote " + model + " VERSION)"));
        if (version != null && !version.isEmpty()) {
            RegistryState.Version asked = version(m, version);
            if (asked.number() != champion.number()) {
                throw ServeException.invalid("version " + asked.number() + " of '" + model + "' is not serving: the scoring job serves"
                        + " the champion, version " + champion.number() + " (ask without a version, or promote it)");
            }
        }
        return InputTensor.columns(tensors, ModelSignature.of(champion), settings.maxRows());
    }

    /** Requests in the gateway's hands: being checked, or accepted and not answered yet. */
    public int accepted() { return accepted.get(); }

    /**
     * Stops accepting requests (they get UNAVAILABLE, readiness turns false) and waits until every accepted one has
     * been answered or has failed: at most the request timeout and a second more.
     *
     * @return the requests still waiting when the wait ended (0 unless the timeout machinery itself stalled)
     */
    public int drain() throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + settings.timeout().toNanos() + 1_000_000_000L;
        while (accepted.get() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        return accepted.get();
    }

    private CompletableFuture<InferResult> send(String model, String clientId, Map<String, double[]> columns) {
        PredictionListener listener = listener(model);
        String requestId = UUID.randomUUID().toString();
        String topic = TopicNames.requests(model);
        int rows = columns.values().iterator().next().length;
        long now = System.currentTimeMillis();
        List<String> eventIds = new ArrayList<>(rows);
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>(rows);
        CompletableFuture<Void> refused = new CompletableFuture<>();
        for (int i = 0; i < rows; i++) {
            String eventId = requestId + "-" + i;
            Map<String, Object> payload = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> c : columns.entrySet()) payload.put(c.getKey(), c.getValue()[i]);
            eventIds.add(eventId);
            answers.add(listener.expect(eventId));
            byte[] key = eventId.getBytes(StandardCharsets.UTF_8);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, now, key,
                    serde.serialize(new EventEnvelope("serve", eventId, now, payload)));
            if (clientId != null) record.headers().add(CLIENT_ID_HEADER, clientId.getBytes(StandardCharsets.UTF_8));
            try {
                producer.send(record,
                        (meta, e) -> {
                            if (e != null) refused.completeExceptionally(new ServeException(ServeException.Kind.UNAVAILABLE,
                                    "Kafka refused the request on " + topic + ": " + e.getMessage()));
                        });
            } catch (RuntimeException e) {
                eventIds.forEach(listener::forget);
                throw new ServeException(ServeException.Kind.UNAVAILABLE, "cannot send the request to " + topic + ": " + e.getMessage());
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
        long timeoutMs = settings.timeout().toMillis();
        return CompletableFuture.anyOf(all, refused)
                .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .handle((ignored, e) -> {
                    eventIds.forEach(listener::forget);
                    if (e != null) {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                        ServeException failure;
                        if (cause instanceof TimeoutException) {
                            long missing = answers.stream().filter(a -> !a.isDone()).count();
                            failure = new ServeException(ServeException.Kind.TIMEOUT, "the scoring job did not answer within " + timeoutMs
                                    + " ms: " + missing + " of " + rows + " rows have no prediction on " + TopicNames.predictions(model)
                                    + " (is a scoring job running with --events " + topic + "?)");
                        } else {
                            failure = cause instanceof ServeException se ? se : new ServeException(ServeException.Kind.UNAVAILABLE, cause.getMessage());
                        }
                        // the rows that reached the topic are still scored: their predictions are keyed <request id>-<row>
                        LOG.warn("request {} (client id {}) of model '{}' failed after it was accepted: {}", requestId, clientId, model,
                                failure.getMessage());
                        throw failure;
                    }
                    List<RowPrediction> out = new ArrayList<>(rows);
                    for (CompletableFuture<JsonNode> a : answers) {
                        JsonNode p = a.join();
                        JsonNode outputs = p.path("outputs").isObject() ? p.get("outputs") : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                        out.add(new RowPrediction(p.path("score").asDouble(Double.NaN), p.get("version").asInt(), p.get("variant").asText(), outputs));
                    }
                    return new InferResult(requestId, clientId, model, out);
                });
    }

    private PredictionListener listener(String model) {
        // a reader that died (Kafka failed under it) is replaced by the next request
        return listeners.compute(model, (m, existing) -> {
            if (existing != null && existing.alive()) return existing;
            KafkaTopics.ensure(settings.bootstrapServers(), 1, TopicNames.requests(m), TopicNames.predictions(m));
            return new PredictionListener(settings.bootstrapServers(), TopicNames.predictions(m));
        });
    }

    private RegistryState.Model model(String name) {
        RegistryState state = registry.state().orElseThrow(() -> new ServeException(ServeException.Kind.UNAVAILABLE,
                "the model registry has not been read yet"));
        return state.model(name).orElseThrow(() -> ServeException.notFound("no model '" + name + "' is registered"));
    }

    private static RegistryState.Version version(RegistryState.Model m, String version) {
        if (version == null || version.isEmpty()) {
            return m.aliased("champion").orElseGet(() -> m.version(m.latestVersion()).orElseThrow(() ->
                    ServeException.notFound("model '" + m.name() + "' has no versions")));
        }
        int n;
        try {
            n = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw ServeException.notFound("model '" + m.name() + "' has no version '" + version + "'; versions are numbers " + m.versions().keySet());
        }
        RegistryState.Version v = m.version(n).orElseThrow(() -> ServeException.notFound(
                "model '" + m.name() + "' has no version " + n + "; versions are " + m.versions().keySet()));
        if (v.archived()) throw ServeException.notFound("version " + n + " of '" + m.name() + "' is archived");
        return v;
    }

    @Override
    public void close() {
        listeners.values().forEach(PredictionListener::close);
        producer.close(java.time.Duration.ofSeconds(5));
        registry.close();
    }
}
