package io.tributary.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job conditions `jobs` and `status` report, read over the REST API of a real Flink cluster (MiniCluster, one
 * slot): a job restarting after failures, a job failed for good, a job waiting for slots. The REST answers seen are
 * written to target/flink-rest/ (JobConditionTest's fixtures in src/test/resources/flink-rest were recorded this way).
 */
class JobConditionITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(new Configuration()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    /** Fails every record: the job restarts (or fails, without restarts) with this message. */
    static final class Broken implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            throw new IllegalStateException("sensor feed unreadable: record " + value);
        }
    }

    private static JobClient submit(int parallelism, String restartStrategy, boolean broken, String name) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, restartStrategy);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(3));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        var numbers = env.fromSequence(0, Long.MAX_VALUE);
        (broken ? numbers.map(new Broken()) : numbers.filter(x -> x < 0)).sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        return env.executeAsync(name);
    }

    private static JobCondition await(FlinkRestClient flink, String jobId, Predicate<JobCondition> done) throws Exception {
        JobCondition c = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline; Thread.sleep(200)) {
            c = flink.condition(jobId);
            if (done.test(c)) return c;
        }
        throw new AssertionError("job " + jobId + " never reached the expected condition; last: " + c);
    }

    private static void record(FlinkRestClient flink, String jobId, String name) throws Exception {
        Path dir = Path.of("target/flink-rest");
        Files.createDirectories(dir);
        JsonHttp http = new JsonHttp(flink.restUrl(), "the Flink cluster");
        for (String[] r : new String[][] {{"job", "/jobs/" + jobId}, {"exceptions", "/jobs/" + jobId + "/exceptions"},
                {"overview", "/overview"}, {"metrics", "/jobs/" + jobId + "/metrics?get=numRestarts"}}) {
            JsonNode n = http.get(r[1]);
            Files.writeString(dir.resolve(name + "-" + r[0] + ".json"), JsonHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        }
    }

    @Test
    void restartingFailedAndWaitingForSlots(@InjectClusterRESTAddress URI rest) throws Exception {
        FlinkRestClient flink = new FlinkRestClient(rest.toString());

        JobClient restarting = submit(1, "fixed-delay", true, "restarting job");
        String id = restarting.getJobID().toHexString();
        JobCondition c = await(flink, id, x -> x.kind() == JobCondition.Kind.RESTARTING && Math.max(x.restarts(), x.failures()) >= 2);
        record(flink, id, "restarting");
        assertThat(c.describe()).startsWith("RESTARTING").contains(" so far)")
                .contains("IllegalStateException: sensor feed unreadable: record 0");
        restarting.cancel().get();

        // parallelism 2 on one slot: one task runs, the other waits for a slot that never comes
        JobClient waiting = submit(2, "none", false, "job without enough slots");
        id = waiting.getJobID().toHexString();
        c = await(flink, id, x -> x.kind() == JobCondition.Kind.WAITING_FOR_SLOTS);
        record(flink, id, "waiting");
        assertThat(c.describe()).startsWith("RUNNING, waiting for slots: 1 of 2 tasks not running and 0 free slots of 1");
        waiting.cancel().get();
        await(flink, id, x -> x.state().equals("CANCELED"));

        JobClient failing = submit(1, "none", true, "failed job");
        id = failing.getJobID().toHexString();
        c = await(flink, id, x -> x.kind() == JobCondition.Kind.FAILED);
        record(flink, id, "failed");
        assertThat(c.describe()).startsWith("FAILED").contains("IllegalStateException: sensor feed unreadable: record 0");

        JobClient healthy = submit(1, "none", false, "healthy job");
        id = healthy.getJobID().toHexString();
        c = await(flink, id, x -> x.kind() == JobCondition.Kind.RUNNING);
        record(flink, id, "running");
        assertThat(c.describe()).isEqualTo("RUNNING");
        healthy.cancel().get();
    }
}
