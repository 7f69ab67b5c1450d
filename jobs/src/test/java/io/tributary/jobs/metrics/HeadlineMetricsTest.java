package io.tributary.jobs.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeadlineMetricsTest {
    @Test
    void sumsCountersTakesTheMaximumOfGaugesAndThe99thPercentile() {
        String tm1 = String.join("\n",
                "# TYPE flink_taskmanager_job_task_operator_eventsIn counter",
                "flink_taskmanager_job_task_operator_eventsIn{job_id=\"j1\",subtask_index=\"0\",} 120.0",
                "flink_taskmanager_job_task_operator_eventsIn{job_id=\"j1\",subtask_index=\"1\",} 80.0",
                "flink_taskmanager_job_task_operator_championVersion{job_id=\"j1\",subtask_index=\"0\",} 3.0",
                "flink_taskmanager_job_task_operator_predictionLatencyMs{job_id=\"j1\",quantile=\"0.5\",} 2.0",
                "flink_taskmanager_job_task_operator_predictionLatencyMs{job_id=\"j1\",quantile=\"0.99\",} 9.0",
                "flink_taskmanager_job_task_operator_numRecordsIn{job_id=\"j1\",} 999.0");
        String tm2 = "flink_taskmanager_job_task_operator_championVersion{job_id=\"j1\",subtask_index=\"1\",} 4.0\n"
                + "flink_taskmanager_job_task_operator_deadLetters{job_id=\"j2\",} NaN";
        Map<String, Map<String, Double>> jobs = HeadlineMetrics.parse(List.of(tm1, tm2));
        assertThat(jobs.get("j1")).containsEntry("eventsIn", 200.0).containsEntry("championVersion", 4.0)
                .containsEntry("predictionLatencyMs_p99", 9.0).doesNotContainKey("numRecordsIn");
        assertThat(jobs).doesNotContainKey("j2"); // NaN is no value
    }
}
