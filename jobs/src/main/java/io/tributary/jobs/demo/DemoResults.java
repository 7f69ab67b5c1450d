package io.tributary.jobs.demo;

import java.util.List;
import java.util.Map;

/**
 * What one demo run measured, read back from its topics and samples: the input of the summary table and of the HTML
 * report. Times named {@code *Time} or {@code window*} are event time (epoch ms, the flights' own clock); the x axis of
 * every plot is event time.
 *
 * @param title       headline of the report
 * @param slice       the replayed slice, e.g. "2001-01-01 .. 2001-03-01 (920,000 flights)"
 * @param startedAt   wall-clock start of the run (epoch ms)
 * @param wallMillis  how long the run took
 * @param summary     the summary table, in order (label, value)
 * @param versions    model versions registered during the run
 * @param auc         per window and variant, from {@code ab.results}
 * @param drift       per window, feature and test, from {@code drift.metrics}
 * @param alerts      from {@code drift.alerts}
 * @param freshness   sampled during the run: how far each view's newest online window trails the replay
 * @param latency     serving latency percentiles per event-time bucket, from the predictions
 * @param ab          the A/B comparison over the whole run, per variant
 */
public record DemoResults(String title, String slice, long startedAt, long wallMillis, List<SummaryRow> summary,
                          List<ModelVersion> versions, List<AucPoint> auc, List<DriftPoint> drift, List<AlertMark> alerts,
                          List<FreshnessPoint> freshness, List<LatencyPoint> latency, List<AbVariant> ab) {

    public record SummaryRow(String label, String value) {}

    /**
     * @param registeredTime event time of the newest example it was trained on
     * @param holdoutAuc     AUC on its holdout at training time
     * @param why            what triggered it ("data volume", "retrain request: drift: ...")
     * @param aliases        its aliases at the end of the run (champion, challenger, ...), may be empty
     */
    public record ModelVersion(int version, long registeredTime, double holdoutAuc, long examples, String why, List<String> aliases) {}

    /** One variant in one window; {@code variant} is "champion" or "challenger" (the never-retrained baseline here). */
    public record AucPoint(long windowStart, long windowEnd, String variant, int version, long n, double auc,
                           double accuracy, double accuracyCiLow, double accuracyCiHigh) {}

    public record DriftPoint(long windowStart, long windowEnd, String feature, String test, double statistic, double threshold,
                             boolean drifted) {}

    /** {@code state} is RAISED or CLEARED; {@code severity} warning or critical. */
    public record AlertMark(long windowEnd, String feature, String test, String severity, String state, int version) {}

    /** @param lagMinutesByView per view: replay position minus the view's newest window end in Redis, minutes of event time */
    public record FreshnessPoint(long replayTime, Map<String, Double> lagMinutesByView) {}

    public record LatencyPoint(long bucketStart, long bucketEnd, long n, double p50Ms, double p95Ms, double p99Ms) {}

    /** Over the whole run; {@code pValue} of the z-test on accuracy against the champion (NaN for the champion). */
    public record AbVariant(String variant, String versions, long n, double accuracy, double accuracyCiLow, double accuracyCiHigh,
                            double auc, double meanBrier, double pValue, boolean significant) {}
}
