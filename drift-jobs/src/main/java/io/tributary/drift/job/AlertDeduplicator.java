package io.tributary.drift.job;

import io.tributary.drift.stats.DriftTest;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns window metrics into alerts, keyed by model, feature and test: the first drifted window raises an alert; a
 * lasting drift raises again only after the cooldown (in event time); the first window without drift after an alert
 * clears it. Severity: critical when the statistic is at least twice its limit (PSI, WASSERSTEIN) or the p-value a
 * hundredth of it (KS, CHI2), and for every detection on the error stream; else warning.
 */
final class AlertDeduplicator extends KeyedProcessFunction<String, DriftRecords.Metric, DriftRecords.Alert> {
    private static final long serialVersionUID = 1L;
    private final long cooldownMillis;
    private transient ValueState<Long> raisedAt;

    AlertDeduplicator(long cooldownMillis) {
        this.cooldownMillis = cooldownMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        raisedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("raised-at", Long.class));
    }

    @Override
    public void processElement(DriftRecords.Metric m, Context ctx, Collector<DriftRecords.Alert> out) throws Exception {
        Long raised = raisedAt.value();
        if (m.drifted()) {
            if (raised == null || m.windowEnd() - raised >= cooldownMillis) {
                raisedAt.update(m.windowEnd());
                out.collect(alert(m, severity(m), "RAISED"));
            }
        } else if (raised != null) {
            raisedAt.clear();
            out.collect(alert(m, "info", "CLEARED"));
        }
    }

    static String severity(DriftRecords.Metric m) {
        if (Double.isNaN(m.threshold())) return "critical"; // a detector on the error stream: the model got worse
        // any other metric is a DriftTest's, named by its kind
        boolean critical = DriftTest.Kind.valueOf(m.test()).critical(m.statistic(), m.pValue(), m.threshold());
        return critical ? "critical" : "warning";
    }

    private static DriftRecords.Alert alert(DriftRecords.Metric m, String severity, String state) {
        return new DriftRecords.Alert(m.model(), m.version(), m.feature(), m.test(), m.statistic(), m.threshold(),
                m.windowStart(), m.windowEnd(), severity, state, System.currentTimeMillis());
    }
}
