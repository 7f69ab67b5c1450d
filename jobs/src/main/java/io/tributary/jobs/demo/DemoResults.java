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
 * @param drift       per window, feature and test, from {@code drift.metrics}: the never-retrained baseline's (its reference stays fixed)
 * @param alerts      from {@code drift.alerts}, of every serving version
 * @param errorStream the error-stream detector's drift signals (e.g. DDM), of every serving version
 * @param freshness   sampled during the run: how far each view's newest online window trails the replay
 * @param latency     serving latency percentiles per event-time bucket, from the predictions ({@link #LATENCY})
 * @param ab          the A/B comparison over the whole run, per variant
 */
public record DemoResults(String title, String slice, long startedAt, long wallMillis, List<SummaryRow> summary,
                          List<ModelVersion> versions, List<AucPoint> auc, List<DriftPoint> drift, List<AlertMark> alerts,
                          List<ErrorStreamPoint> errorStream, List<FreshnessPoint> freshness, List<LatencyPoint> latency,
                          List<AbVariant> ab) {
    /** What "latency" means wherever the demo prints or draws it: the predictions' own latency_ms. */
    public static final String LATENCY = "scoring latency in the scoring operator, from the event's arrival (input assembly: "
            + "the online feature lookups) to its score, batching and the ONNX call included; Kafka and the network are not";

    /** The demo's results before the error-stream detector had a list of its own (tests, older callers). */
    public DemoResults(String title, String slice, long startedAt, long wallMillis, List<SummaryRow> summary, List<ModelVersion> versions,
                       List<AucPoint> auc, List<DriftPoint> drift, List<AlertMark> alerts, List<FreshnessPoint> freshness,
                       List<LatencyPoint> latency, List<AbVariant> ab) {
        this(title, slice, startedAt, wallMillis, summary, versions, auc, drift, alerts, List.of(), freshness, latency, ab);
    }

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

    /**
     * {@code state} is RAISED or CLEARED; {@code severity} warning or critical; {@code statistic} the test's value in the
     * alert's window, against the reference of {@code version}; {@code variants} the variants that version served.
     */
    public record AlertMark(long windowEnd, String feature, String test, String severity, String state, int version,
                            String variants, double statistic) {
        public AlertMark(long windowEnd, String feature, String test, String severity, String state, int version) {
            this(windowEnd, feature, test, severity, state, version, "", Double.NaN);
        }
    }

    /**
     * One drift signal of the error-stream detector (a prediction wrong at 0.5 is an error).
     *
     * @param errorRate    the error rate since the detector's previous signal (or the version's start)
     * @param n            predictions with outcomes in that stretch
     * @param statistic    the detector's statistic at the signal (DDM: p + s), NaN when not recorded
     * @param warningLevel its warning level then (DDM: p_min + 2 s_min), NaN when not recorded
     * @param driftLevel   its drift level then (DDM: p_min + 3 s_min), NaN when not recorded
     */
    public record ErrorStreamPoint(long from, long at, String detector, int version, String variants, double errorRate, long n,
                                   double statistic, double warningLevel, double driftLevel) {}

    /** @param lagMinutesByView per view: replay position minus the view's newest window end in Redis, minutes of event time */
    public record FreshnessPoint(long replayTime, Map<String, Double> lagMinutesByView) {}

    public record LatencyPoint(long bucketStart, long bucketEnd, long n, double p50Ms, double p95Ms, double p99Ms) {}

    /** Over the whole run; {@code tests} against the champion (none for the champion). */
    public record AbVariant(String variant, String versions, long n, double accuracy, double accuracyCiLow, double accuracyCiHigh,
                            double auc, double meanBrier, List<AbTest> tests) {}

    /**
     * One test of a variant against the champion, with its own verdict.
     *
     * @param measure    what is compared: "accuracy", "Brier loss"
     * @param test       "two-proportion z-test", "Welch's t-test"
     * @param symbol     the statistic's symbol: "z", "t"
     * @param difference the variant's value minus the champion's
     */
    public record AbTest(String measure, String test, String symbol, double statistic, double difference, double pValue, double alpha) {
        public boolean significant() { return pValue < alpha; }

        /** "significant at 0.05", "not significant at 0.05", "not computed". */
        public String verdict() {
            if (Double.isNaN(pValue)) return "not computed";
            return (significant() ? "significant" : "not significant") + " at " + compact(alpha);
        }

        /** "accuracy -0.0012 (two-proportion z-test z = -0.25, p = 0.80: not significant at 0.05)": the summary's and the report's wording. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "%s %+.4f (%s %s = %.2f, p = %s: %s)", measure, difference, test, symbol,
                    statistic, pValue(pValue), verdict());
        }

        /** Two significant digits: 0.80, 0.031, 4.0e-05. */
        public static String pValue(double p) {
            if (Double.isNaN(p)) return "-";
            return p >= 0.001 ? String.format(java.util.Locale.ROOT, "%.2g", p) : String.format(java.util.Locale.ROOT, "%.1e", p);
        }

        private static String compact(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
