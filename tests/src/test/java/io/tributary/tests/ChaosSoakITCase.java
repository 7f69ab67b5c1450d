package io.tributary.tests;

import io.tributary.testing.FreePorts;
import io.tributary.core.config.TributaryConfig;
import io.tributary.jobs.bench.ChaosBenchmark;
import io.tributary.jobs.bench.ChaosLedger;
import io.tributary.jobs.stack.LocalStack;
import io.tributary.jobs.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 3-minute chaos soak of issue 16 on the real stack of {@code ./tributary up --brokers 3} (three KRaft brokers,
 * ZooKeeper HA, two TaskManagers, Redis, the supervisor): the deployed scoring job at a fixed rate while a TaskManager,
 * the JobManager, a broker and Redis are each killed once. Asserted: no prediction lost, none duplicated
 * (read_committed), every fault injected, and every event scored in the end. Availability and downtime
 * are printed, not asserted (they depend on the machine's load).
 */
class ChaosSoakITCase {
    private static LocalStack stack;
    private static StackSettings settings;
    private static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        Path root = Path.of(System.getProperty("tributary.root"));
        Path state = Files.createTempDirectory("tributary-chaos");
        int base = FreePorts.consecutive(6);
        int[] ports = FreePorts.distinct(5);
        settings = StackSettings.from(TributaryConfig.load(null, List.of(
                "stack.dir=" + state,
                "stack.kafka.port=" + base, "stack.kafka.controller-port=" + (base + 1), "stack.kafka.brokers=3",
                "stack.redis.port=" + ports[0], "stack.flink.rest-port=" + ports[1], "stack.flink.rpc-port=" + ports[2],
                "stack.sql-gateway.port=" + ports[3], "stack.zookeeper.port=" + ports[4],
                "stack.ha=zookeeper", "stack.flink.taskmanagers=2", "stack.supervisor=true")), root);
        stack = new LocalStack(settings);
        stack.up(List.of("zookeeper", "kafka", "redis", "jobmanager", "taskmanager", "supervisor"), log::add);
    }

    @AfterAll
    static void down() {
        if (stack != null) stack.down(List.of(), log::add);
    }

    @Test
    void theScoringPipelineLosesAndDuplicatesNothingThroughOneFaultOfEachKind() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        ChaosBenchmark.requireSupervisedStack(stack);
        Duration bound = Duration.ofMillis(100);
        ChaosLedger.Report r = new ChaosBenchmark(stack, settings.kafkaBootstrap(), settings.redisUri(), settings.flinkRestUrl(),
                Path.of(System.getProperty("tributary.job.jar")), settings.warehouse().resolve("models").toUri().toString(), out)
                .run(50, Duration.ofMinutes(3), Duration.ofSeconds(40), ChaosBenchmark.FAULTS, bound);
        ChaosBenchmark.print(r, bound, out);
        System.out.println(buf.toString(StandardCharsets.UTF_8));

        assertThat(r.downtimes()).extracting(d -> d.fault().kind()).containsExactlyElementsOf(ChaosBenchmark.FAULTS);
        assertThat(r.sent()).isGreaterThan(50L * 150);
        assertThat(r.lost()).as("predictions lost (read_committed)").isZero();
        assertThat(r.duplicated()).as("predictions duplicated (read_committed)").isZero();
        assertThat(r.committedDistinct()).isEqualTo(r.sent());
        // every event sent was scored once, so the pipeline came back from every fault; how fast (availability,
        // downtime per fault) is printed, not asserted: on 2 cores it depends on what else the machine runs
        assertThat(stack.status()).filteredOn(s -> !s.service().equals("sql-gateway"))
                .allSatisfy(s -> assertThat(s.state()).as(s.service()).isEqualTo("running"));
    }
}
