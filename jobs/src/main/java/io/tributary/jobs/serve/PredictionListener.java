package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.event.EventParseException;
import io.tributary.core.event.PredictionJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a model's predictions topic from its end (positions resolved before the constructor returns, so no request
 * sent afterwards can be missed) and completes the request row whose event id is the prediction's {@code key}.
 *
 * <p>It reads uncommitted: the scoring job stays exactly once for every read_committed reader (A/B, drift), and the
 * gateway sees a prediction as soon as it is written rather than at the next checkpoint. A prediction written in a
 * transaction that later aborts (the job failed) may thus answer a request; the job then scores that event again
 * from its checkpoint, and the committed log holds one prediction for it. Only the first decision for an id
 * answers: later ones (a re-score, a shadow's row with {@code decision: false}) are ignored.
 */
final class PredictionListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionListener.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    PredictionListener(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        for (TopicPartition p : parts) consumer.position(p, Duration.ofSeconds(10));
        thread = new Thread(this::run, "serve-predictions-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** A future completed by the first deciding prediction keyed {@code eventId}. */
    CompletableFuture<JsonNode> expect(String eventId) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(eventId, f);
        return f;
    }

    void forget(String eventId) { pending.remove(eventId); }

    boolean alive() { return thread.isAlive(); }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode p;
                    try {
                        p = PredictionJson.parse(r.value());
                    } catch (EventParseException e) {
                        continue; // the A/B and drift jobs dead-letter such records; the gateway only answers requests
                    }
                    if (!p.get("decision").asBoolean()) continue;
                    CompletableFuture<JsonNode> f = pending.remove(p.get("key").asText());
                    if (f != null) f.complete(p);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("reading predictions failed; requests of this model will time out", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
