package io.tributary.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Classification of REST answers recorded from Flink 2.2.0 (a MiniCluster with one slot; see JobConditionITCase). */
class JobConditionTest {
    private static JsonNode json(String name) throws IOException {
        try (InputStream in = JobConditionTest.class.getResourceAsStream("/flink-rest/" + name + ".json")) {
            return JsonHttp.JSON.readTree(in);
        }
    }

    @Test
    void restartingJobShowsItsRestartsAndLatestFailure() throws IOException {
        JobCondition c = JobCondition.of(json("restarting-job"), json("restarting-exceptions"), json("restarting-metrics"), null);
        assertThat(c.kind()).isEqualTo(JobCondition.Kind.RESTARTING);
        // the JobManager had not fetched the metric yet (empty answer): the exception history's failures are shown
        assertThat(c.restarts()).isEqualTo(-1);
        assertThat(c.failures()).isEqualTo(2);
        assertThat(c.describe()).isEqualTo(
                "RESTARTING (2 failures so far); latest failure: IllegalStateException: sensor feed unreadable: record 0");
    }

    @Test
    void theRestartsMetricWinsOverTheCappedHistory() throws IOException {
        JsonNode metric = JsonHttp.JSON.readTree("[{\"id\":\"numRestarts\",\"value\":\"37\"}]");
        JobCondition c = JobCondition.of(json("restarting-job"), json("restarting-exceptions"), metric, null);
        assertThat(c.restarts()).isEqualTo(37);
        assertThat(c.describe()).startsWith("RESTARTING (37 restarts so far); latest failure: ");
    }

    @Test
    void failedJobShowsItsCause() throws IOException {
        JobCondition c = JobCondition.of(json("failed-job"), json("failed-exceptions"), null, null);
        assertThat(c.kind()).isEqualTo(JobCondition.Kind.FAILED);
        assertThat(c.describe()).isEqualTo("FAILED: IllegalStateException: sensor feed unreadable: record 0");
    }

    @Test
    void runningJobWithScheduledTasksAndNoFreeSlotIsWaitingForSlots() throws IOException {
        JobCondition c = JobCondition.of(json("waiting-job"), null, null, json("waiting-overview"));
        assertThat(c.kind()).isEqualTo(JobCondition.Kind.WAITING_FOR_SLOTS);
        assertThat(c.tasksNotRunning()).isEqualTo(1);
        assertThat(c.describe()).startsWith("RUNNING, waiting for slots: 1 of 2 tasks not running and 0 free slots of 1 (");
    }

    @Test
    void scheduledTasksWithFreeSlotsAreStillStartingNotStuck() throws IOException {
        JsonNode overview = ((com.fasterxml.jackson.databind.node.ObjectNode) json("waiting-overview").deepCopy()).put("slots-available", 3);
        assertThat(JobCondition.of(json("waiting-job"), null, null, overview).kind()).isEqualTo(JobCondition.Kind.RUNNING);
    }

    @Test
    void healthyRunningJobIsJustRunning() throws IOException {
        JobCondition c = JobCondition.of(json("running-job"), null, null, json("running-overview"));
        assertThat(c.kind()).isEqualTo(JobCondition.Kind.RUNNING);
        assertThat(c.hasProblem()).isFalse();
        assertThat(c.describe()).isEqualTo("RUNNING");
    }
}
