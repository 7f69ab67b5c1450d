package io.tributary.jobs.cli;

import io.tributary.core.config.TributaryConfig;
import io.tributary.jobs.stack.StackSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every command shares: a configuration file and key=value overrides. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Tributary configuration file (properties); default: $TRIBUTARY_CONFIG if set")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Override one configuration key, e.g. -D stack.kafka.port=19092 (repeatable)")
    List<String> overrides = new ArrayList<>();

    TributaryConfig config() {
        Path file = configFile;
        if (file == null && System.getenv("TRIBUTARY_CONFIG") != null) file = Path.of(System.getenv("TRIBUTARY_CONFIG"));
        TributaryConfig config = TributaryConfig.load(file, overrides);
        if (config.get(TributaryConfig.KAFKA_BOOTSTRAP, "").isBlank()) {
            // every broker of the local stack (`up --brokers 3`), so that clients start while the first one is down
            config = config.with(TributaryConfig.KAFKA_BOOTSTRAP, StackSettings.from(config, root()).kafkaBootstrap());
        }
        return config;
    }

    static Path root() {
        return Path.of(System.getProperty("tributary.root", ".")).toAbsolutePath().normalize();
    }

    StackSettings stack() { return StackSettings.from(config(), root()); }
}
