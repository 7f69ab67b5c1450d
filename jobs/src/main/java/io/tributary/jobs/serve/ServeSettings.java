package io.tributary.jobs.serve;

import io.tributary.core.config.TributaryConfig;

import java.time.Duration;

/**
 * What {@code tributary serve} needs: its ports, the services it talks to, how long it waits for the scoring job and
 * how many requests per model it lets wait at once. Keys {@code serve.*} in the configuration.
 */
public record ServeSettings(int httpPort, int grpcPort, String bootstrapServers, String redisUri, String namespace,
                            Duration timeout, int maxInFlightPerModel, int maxRows, int maxBodyBytes) {
    public ServeSettings {
        if (maxInFlightPerModel < 1) throw new IllegalArgumentException("serve.max-in-flight-per-model must be at least 1");
        if (maxRows < 1) throw new IllegalArgumentException("serve.max-rows must be at least 1");
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("serve.max-body-bytes must be at least 1024");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("serve.timeout-ms must be positive");
    }

    public static ServeSettings from(TributaryConfig config) {
        return new ServeSettings(config.getInt("serve.http.port"), config.getInt("serve.grpc.port"), config.kafkaBootstrap(),
                config.redisUri(), config.get("serve.redis.namespace", io.tributary.core.features.OnlineStoreLayout.DEFAULT_NAMESPACE),
                Duration.ofMillis(config.getLong("serve.timeout-ms")), config.getInt("serve.max-in-flight-per-model"),
                config.getInt("serve.max-rows"), config.getInt("serve.max-body-bytes"));
    }

    /** The same settings on other ports (0: any free port). */
    public ServeSettings withPorts(int http, int grpc) {
        return new ServeSettings(http, grpc, bootstrapServers, redisUri, namespace, timeout, maxInFlightPerModel, maxRows, maxBodyBytes);
    }

    public ServeSettings withLimits(Duration timeout, int maxInFlightPerModel) {
        return new ServeSettings(httpPort, grpcPort, bootstrapServers, redisUri, namespace, timeout, maxInFlightPerModel, maxRows, maxBodyBytes);
    }
}
