package io.tributary.core.kafka;

import io.tributary.core.topic.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates the topics a job reads and writes before it starts, so that a job deployed before its data just waits. */
public final class KafkaTopics {
    private KafkaTopics() {}

    /**
     * Creates those of {@code topics} that do not exist, with {@code partitions} partitions and the broker's default
     * replication.
     *
     * @throws IllegalStateException naming the broker when it cannot be reached
     */
    public static List<String> ensure(String bootstrapServers, int partitions, String... topics) {
        List<String> created = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(TopicNames.validate(t))) missing.add(new NewTopic(t, java.util.Optional.of(partitions), java.util.Optional.empty()));
            }
            for (NewTopic t : missing) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                    created.add(t.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics on " + bootstrapServers, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + List.of(topics) + " on Kafka at " + bootstrapServers
                    + ": " + e.getMessage(), e);
        }
        return created;
    }
}
