package io.tributary.jobs.cli;

import io.tributary.core.features.FeatureRegistry;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.redis.RedisConnection;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `tributary features list | describe | get` against a real broker (registry) and redis-server (online store). */
class FeaturesCommandITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

    @BeforeAll
    static void seed() throws Exception {
        new FeatureRegistry(KAFKA.bootstrapServers()).register(new FeatureViewInfo("route_1h", "abc123", "events.flights",
                List.of("origin", "destination"), "TUMBLE(3600000)",
                List.of(new FeatureViewInfo.Feature("late_rate", "DOUBLE", "RATE", "share of late flights"),
                        new FeatureViewInfo.Feature("departures", "LONG", "COUNT", "flights")),
                Duration.ofHours(2), "ops", "per route"));
        try (RedisConnection r = RedisConnection.connect(REDIS.uri())) {
            var f = r.async().eval(OnlineStoreLayout.COMPARE_AND_SET_SCRIPT, new String[] {"tributary:route_1h:ORD|LAX"},
                    "978310800000", "4", "0", "_window_start", "978307200000", "_window_end", "978310800000",
                    "_event_count", "4", "_version", "abc123", "late_rate", "0.25", "departures", "4");
            r.flush();
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(1L);
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = TributaryCommand.commandLine();
            cl.setErr(new PrintWriter(err));
            List<String> all = new java.util.ArrayList<>(List.of(args));
            all.addAll(List.of("-D", "kafka.bootstrap.servers=" + KAFKA.bootstrapServers(), "-D", "redis.uri=" + REDIS.uri()));
            int code = cl.execute(all.toArray(String[]::new));
            return code + "\n" + out.toString(StandardCharsets.UTF_8) + err;
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void listDescribeAndGet() {
        assertThat(run("features", "list")).startsWith("0\n").contains("route_1h").contains("abc123").contains("origin,destination");
        assertThat(run("features", "describe", "route_1h")).startsWith("0\n")
                .contains("late_rate").contains("RATE").contains("share of late flights").contains("ttl:         PT2H");
        String get = run("features", "get", "route_1h", "ORD|LAX", "SFO|JFK", "--as-of", "2001-01-01T02:30:00Z");
        assertThat(get).startsWith("0\n");
        assertThat(get.lines().filter(l -> l.startsWith("ORD|LAX") && l.contains("late_rate")).findFirst().orElseThrow())
                .contains("0.25").contains("PRESENT").contains("2001-01-01T01:00:00Z");
        assertThat(get.lines().filter(l -> l.startsWith("SFO|JFK")).toList()).hasSize(2).allMatch(l -> l.contains("NOT_FOUND"));
        // 5 h later the 1 h window is older than the 2 h TTL
        assertThat(run("features", "get", "route_1h", "ORD|LAX", "--as-of", "2001-01-01T06:00:00Z")).contains("OUTSIDE_MAX_AGE");
        assertThat(run("features", "get", "nope", "x")).startsWith("2\n").contains("error: no feature view 'nope' is registered");
    }
}
