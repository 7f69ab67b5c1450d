package io.tributary.tests;

import io.tributary.testing.FreePorts;
import io.tributary.core.config.TributaryConfig;
import io.tributary.core.event.EventEnvelope;
import io.tributary.jobs.demo.DemoResults;
import io.tributary.jobs.demo.DemoRun;
import io.tributary.jobs.demo.DemoSettings;
import io.tributary.jobs.demo.FlightsSource;
import io.tributary.jobs.stack.LocalStack;
import io.tributary.jobs.stack.StackException;
import io.tributary.jobs.stack.StackSettings;
import io.tributary.testing.FlightsSlice;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ./tributary demo} end to end on 30 hours of real flights: its own stack (Kafka, Redis, JobManager and
 * TaskManager processes, SQL Gateway), the SQL feature views and examples, training, scoring, drift and A/B jobs on the
 * cluster; the first day warms up, the next six hours are served. What it reports must be what the jobs wrote, and
 * nothing it started may be left running.
 */
class DemoITCase {
    @TempDir Path dir;

    @Test
    void theWholeLifecycleRunsOnRealFlightsAndEverythingItStartedStops() throws Exception {
        StackSettings stack = settings();
        List<EventEnvelope> flights = FlightsSlice.events();
        LocalDate from = LocalDate.of(2001, 1, 1), to = LocalDate.of(2001, 1, 3);
        long served = flights.stream().filter(f -> f.getEventTimeMillis() >= LocalDate.of(2001, 1, 2).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli()).count();
        Path report = dir.resolve("report.html");
        DemoSettings settings = new DemoSettings(null, from, to, 0, report, false, 8_000, 4_000, 1, 60);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(log, System.out), true, StandardCharsets.UTF_8);

        DemoResults r = new DemoRun(settings, stack, dir.resolve("cache"), out).flights(new ListSource(flights)).run();

        String printed = log.toString(StandardCharsets.UTF_8);
        // the first champion came from the warm-up and stayed on as the never-retrained challenger
        assertThat(r.versions()).isNotEmpty();
        assertThat(r.ab()).extracting(DemoResults.AbVariant::variant).containsExactlyInAnyOrder("champion", "challenger");
        DemoResults.AbVariant challenger = r.ab().stream().filter(v -> v.variant().equals("challenger")).findFirst().orElseThrow();
        assertThat(challenger.versions()).matches("v\\d+");
        // every served flight was scored once and met its outcome; the split is about even
        assertThat(r.ab().stream().mapToLong(DemoResults.AbVariant::n).sum()).isEqualTo(served);
        assertThat(challenger.n()).isBetween(served / 3, served * 2 / 3);
        assertThat(r.ab()).allMatch(v -> v.auc() >= 0 && v.auc() <= 1 && v.accuracyCiLow() <= v.accuracy() && v.accuracy() <= v.accuracyCiHigh());
        // what the windowed jobs wrote, read back
        assertThat(r.auc()).isNotEmpty().allMatch(p -> p.windowEnd() - p.windowStart() == 3_600_000L);
        assertThat(r.drift()).isNotEmpty();
        assertThat(r.latency()).isNotEmpty().allMatch(p -> p.p50Ms() <= p.p99Ms());
        assertThat(r.freshness()).isNotEmpty();
        assertThat(r.summary()).extracting(DemoResults.SummaryRow::label).contains("flights replayed", "model versions", "predictions",
                "scoring latency p50 / p99", "drift alerts raised", "wall time");
        assertThat(printed).contains("summary: ").contains("training: ").contains("progress: served flights sent");
        // the report tells the truth: each A/B test with its own verdict, the summary's alert count is the alerts read back
        assertThat(challenger.tests()).extracting(DemoResults.AbTest::measure).containsExactly("accuracy", "Brier loss");
        assertThat(r.ab().stream().filter(v -> v.variant().equals("champion")).findFirst().orElseThrow().tests()).isEmpty();
        long raised = r.alerts().stream().filter(a -> a.state().equals("RAISED")).count();
        assertThat(r.summary()).filteredOn(row -> row.label().equals("drift alerts raised")).singleElement()
                .satisfies(row -> assertThat(row.value()).startsWith(raised + ", of every serving version"));
        assertThat(r.alerts()).allSatisfy(a -> assertThat(a.variants()).as("variants of v" + a.version()).isNotBlank());
        assertThat(r.drift()).noneMatch(p -> p.feature().equals("__error__"));
        assertThat(r.errorStream()).allSatisfy(p -> assertThat(p.driftLevel()).as("DDM's drift level").isGreaterThan(p.warningLevel()));
        assertThat(Files.readString(report)).contains("data-chart=\"auc\"").contains("data-chart=\"latency\"");
        // nothing left running: every service stopped and its port free
        assertThat(new LocalStack(stack).status()).allMatch(s -> s.state().startsWith("stopped"));
        for (int port : new int[] {stack.kafkaPort(), stack.redisPort(), stack.flinkRestPort(), stack.sqlGatewayPort()}) {
            try (ServerSocket ignored = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
                // bound: free
            }
        }
    }

    @Test
    void aPortInUseNamesThePortAndHowToChangeIt() throws Exception {
        StackSettings stack = settings();
        DemoSettings settings = new DemoSettings(null, LocalDate.of(2001, 1, 1), LocalDate.of(2001, 1, 3), 0, dir.resolve("r.html"),
                false, 8_000, 4_000, 1, 60);
        try (ServerSocket taken = new ServerSocket(stack.kafkaPort(), 0, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> new DemoRun(settings, stack, dir, new PrintStream(new ByteArrayOutputStream()))
                    .flights(new ListSource(FlightsSlice.events())).run())
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + stack.kafkaPort())
                    .hasMessageContaining("-D stack.kafka.port=");
        }
        assertThat(new LocalStack(stack).status()).allMatch(s -> s.state().startsWith("stopped"));
    }

    private StackSettings settings() throws Exception {
        int[] ports = FreePorts.distinct(6);
        List<String> keys = new ArrayList<>(DemoSettings.STACK_DEFAULTS);
        keys.addAll(List.of("stack.dir=" + dir.resolve("stack"),
                "stack.kafka.port=" + ports[0], "stack.kafka.controller-port=" + ports[1],
                "stack.redis.port=" + ports[2], "stack.flink.rest-port=" + ports[3],
                "stack.flink.rpc-port=" + ports[4], "stack.sql-gateway.port=" + ports[5]));
        return StackSettings.from(TributaryConfig.load(null, keys), Path.of(System.getProperty("tributary.root")));
    }

    /** The test slice as the demo's flights. */
    private record ListSource(List<EventEnvelope> flights) implements FlightsSource {
        @Override
        public long count(LocalDate from, LocalDate to) {
            return flights.stream().filter(f -> in(f, from, to)).count();
        }

        @Override
        public CloseableIterator<EventEnvelope> read(LocalDate from, LocalDate to) {
            Iterator<EventEnvelope> it = flights.stream().filter(f -> in(f, from, to)).iterator();
            return CloseableIterator.adapterForIterator(it);
        }

        private static boolean in(EventEnvelope f, LocalDate from, LocalDate to) {
            long t = f.getEventTimeMillis();
            return t >= from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() && t < to.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
    }

    /** Prints to two streams: the test's log and its captured copy. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a, b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
