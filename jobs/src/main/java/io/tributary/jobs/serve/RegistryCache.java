package io.tributary.jobs.serve;

import io.tributary.core.kafka.CompactedTopic;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.models.RegistryState;
import io.tributary.core.topic.TopicNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The model registry as the gateway sees it: the fold of {@code models.registry}, re-read every {@code period} in the
 * background so that requests never wait for Kafka. A promotion is visible to the gateway within one period.
 */
final class RegistryCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryCache.class);

    private final CompactedTopic topic;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "serve-registry");
        t.setDaemon(true);
        return t;
    });
    private volatile RegistryState state;
    private volatile long readAtMs;

    RegistryCache(String bootstrapServers, long periodMs) {
        this.topic = new CompactedTopic(bootstrapServers, TopicNames.MODEL_REGISTRY);
        refresh();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** The latest fold read; empty until the registry was read once. */
    Optional<RegistryState> state() { return Optional.ofNullable(state); }

    Optional<RegistryState.Model> model(String name) { return state().flatMap(s -> s.model(name)); }

    void refresh() {
        List<ModelEvent> events = new ArrayList<>();
        for (var r : topic.readAll()) if (r.value() != null) events.add(ModelEvent.fromJson(r.value()));
        state = RegistryState.fold(events);
        readAtMs = System.currentTimeMillis();
    }

    /** Whether the registry was read within {@code maxAgeMs}: the gateway's view of it is current. */
    boolean fresh(long maxAgeMs) { return state != null && System.currentTimeMillis() - readAtMs <= maxAgeMs; }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("cannot re-read the model registry (serving the last state read): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        refresher.shutdown(); // a read in progress finishes: interrupting it makes the Kafka consumer log an error
        try {
            if (!refresher.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) refresher.shutdownNow();
        } catch (InterruptedException e) {
            refresher.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
