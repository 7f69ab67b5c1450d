package io.tributary.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Tributary's configuration: built-in defaults ({@code tributary-defaults.properties}), overridden by a properties
 * file, overridden by {@code key=value} flags. Every lookup error names the key and where it came from.
 */
public final class TributaryConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    public static final String REDIS_URI = "redis.uri";
    public static final String FLINK_REST_URL = "flink.rest.url";
    public static final String SQL_GATEWAY_URL = "sql-gateway.url";
    public static final String WAREHOUSE = "iceberg.warehouse";
    public static final String EVENT_MAX_BYTES = "events.max-bytes";

    private final TreeMap<String, String> values;
    private final TreeMap<String, String> origins;

    private TributaryConfig(TreeMap<String, String> values, TreeMap<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    /** Defaults only. */
    public static TributaryConfig defaults() {
        return load(null, List.of());
    }

    /**
     * Defaults, then {@code file} (may be null), then {@code overrides} of the form {@code key=value}.
     *
     * @throws IllegalArgumentException naming the file or flag that is wrong
     */
    public static TributaryConfig load(Path file, List<String> overrides) {
        TreeMap<String, String> values = new TreeMap<>();
        TreeMap<String, String> origins = new TreeMap<>();
        try (InputStream in = TributaryConfig.class.getResourceAsStream("/tributary-defaults.properties")) {
            if (in == null) throw new IllegalStateException("tributary-defaults.properties is missing from the classpath");
            put(values, origins, read(in), "defaults");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in defaults", e);
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Properties p = new Properties();
                p.load(r);
                put(values, origins, p, file.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("a config flag must look like key=value, got '" + o + "'");
            values.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
            origins.put(o.substring(0, eq).trim(), "flag");
        }
        return new TributaryConfig(values, origins);
    }

    /** A copy with one more override. */
    public TributaryConfig with(String key, String value) {
        TreeMap<String, String> v = new TreeMap<>(values);
        TreeMap<String, String> o = new TreeMap<>(origins);
        v.put(key, value);
        o.put(key, "override");
        return new TributaryConfig(v, o);
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("config key '" + key + "' is not set");
        return v;
    }

    public String get(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public int getInt(String key) {
        String v = get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + key + "' (from " + origins.get(key)
                    + ") must be an integer, got '" + v + "'");
        }
    }

    public long getLong(String key) {
        String v = get(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + key + "' (from " + origins.get(key)
                    + ") must be an integer, got '" + v + "'");
        }
    }

    /** Kafka bootstrap servers: {@value #KAFKA_BOOTSTRAP}, else the local stack's broker. */
    public String kafkaBootstrap() {
        return get(KAFKA_BOOTSTRAP, "127.0.0.1:" + getInt("stack.kafka.port"));
    }

    /** Redis URI: {@value #REDIS_URI}, else the local stack's redis-server. */
    public String redisUri() {
        return get(REDIS_URI, "redis://127.0.0.1:" + getInt("stack.redis.port"));
    }

    /** Flink REST endpoint: {@value #FLINK_REST_URL}, else the local cluster's JobManager. */
    public String flinkRestUrl() {
        return get(FLINK_REST_URL, "http://127.0.0.1:" + getInt("stack.flink.rest-port"));
    }

    /** SQL Gateway REST endpoint: {@value #SQL_GATEWAY_URL}, else the local one. */
    public String sqlGatewayUrl() {
        return get(SQL_GATEWAY_URL, "http://127.0.0.1:" + getInt("stack.sql-gateway.port"));
    }

    public Map<String, String> asMap() { return Collections.unmodifiableMap(values); }

    private static Properties read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        return p;
    }

    private static void put(Map<String, String> values, Map<String, String> origins, Properties p, String origin) {
        for (String k : p.stringPropertyNames()) {
            values.put(k, p.getProperty(k).trim());
            origins.put(k, origin);
        }
    }
}
