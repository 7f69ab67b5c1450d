package io.tributary.features.sql;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/** Options of the {@code 'connector' = 'redis'} table connector. */
public final class RedisConnectorOptions {
    private RedisConnectorOptions() {}

    public static final ConfigOption<String> URI = ConfigOptions.key("uri").stringType().noDefaultValue()
            .withDescription("redis://host:port, or redis-cluster://host:port[,host:port...] for a Redis Cluster");
    public static final ConfigOption<String> NAMESPACE = ConfigOptions.key("namespace").stringType().defaultValue("tributary")
            .withDescription("first part of every key: <namespace>:<view>:<entity>");
    public static final ConfigOption<String> VIEW = ConfigOptions.key("view").stringType().noDefaultValue()
            .withDescription("the feature view: second part of every key");
    public static final ConfigOption<String> KEY_COLUMNS = ConfigOptions.key("key-columns").stringType().noDefaultValue()
            .withDescription("entity key columns, comma separated; default: the PRIMARY KEY; none: a global view");
    public static final ConfigOption<String> WINDOW_START_COLUMN = ConfigOptions.key("window-start-column").stringType()
            .defaultValue("window_start");
    public static final ConfigOption<String> WINDOW_END_COLUMN = ConfigOptions.key("window-end-column").stringType()
            .defaultValue("window_end").withDescription("writes are compare-and-set on this column: older windows never overwrite newer ones");
    public static final ConfigOption<String> EVENT_COUNT_COLUMN = ConfigOptions.key("event-count-column").stringType()
            .defaultValue("event_count");
    public static final ConfigOption<String> VERSION_COLUMN = ConfigOptions.key("version-column").stringType()
            .defaultValue("view_version").withDescription("column stored as _version (when the table has it)");
    public static final ConfigOption<String> VERSION = ConfigOptions.key("view-version").stringType().defaultValue("")
            .withDescription("stored as _version");
    public static final ConfigOption<String> REGISTRY_BOOTSTRAP = ConfigOptions.key("registry.bootstrap-servers").stringType()
            .noDefaultValue().withDescription("when set, a sink registers its view (keys, features, types, TTL, version) "
                    + "in the feature registry on this Kafka cluster");
    public static final ConfigOption<String> DESCRIPTION = ConfigOptions.key("description").stringType().defaultValue("");
    public static final ConfigOption<String> OWNER = ConfigOptions.key("owner").stringType().defaultValue("");
    public static final ConfigOption<Duration> TTL = ConfigOptions.key("ttl").durationType().defaultValue(Duration.ZERO)
            .withDescription("key expiry after the last write, and the max age of values returned by lookups; 0 = none");
}
