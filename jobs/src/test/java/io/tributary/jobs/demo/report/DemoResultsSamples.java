package io.tributary.jobs.demo.report;

import io.tributary.jobs.demo.DemoResults;
import io.tributary.jobs.demo.DemoResults.AbTest;
import io.tributary.jobs.demo.DemoResults.AbVariant;
import io.tributary.jobs.demo.DemoResults.AlertMark;
import io.tributary.jobs.demo.DemoResults.AucPoint;
import io.tributary.jobs.demo.DemoResults.DriftPoint;
import io.tributary.jobs.demo.DemoResults.ErrorStreamPoint;
import io.tributary.jobs.demo.DemoResults.FreshnessPoint;
import io.tributary.jobs.demo.DemoResults.LatencyPoint;
import io.tributary.jobs.demo.DemoResults.ModelVersion;
import io.tributary.jobs.demo.DemoResults.SummaryRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic but realistic demo results: 59 daily windows of January-February 2001, a champion retrained weekly into 8
 * versions next to a never-retrained challenger, 9 features tested by PSI and KS with alerts, 3 feature views, daily
 * latency buckets. Seeded, so every run builds the same results.
 */
final class DemoResultsSamples {
    static final List<String> FEATURES = List.of("origin_departures", "origin_mean_delay", "origin_late_rate", "dest_arrivals",
            "dest_mean_delay", "dest_late_rate", "distance", "hour_of_day", "day_of_week");
    static final List<String> TESTS = List.of("PSI", "KS");
    static final List<String> VIEWS = List.of("flights_destination_1h", "flights_origin_1h", "flights_route_24h");
    static final int DAYS = 59;
    static final int VERSIONS = 8;
    static final double PSI_THRESHOLD = 0.2;
    static final double KS_P_THRESHOLD = 0.01;
    static final long DAY = 86_400_000L;
    static final long START = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();

    private DemoResultsSamples() {}

    static DemoResults flights2001() {
        Random random = new Random(2001);
        List<ModelVersion> versions = new ArrayList<>();
        for (int v = 1; v <= VERSIONS; v++) {
            // v1 on the first week, then a retrain every 7 days
            long trainedUpTo = START + (7L * v) * DAY;
            versions.add(new ModelVersion(v, trainedUpTo, 0.70 + 0.01 * random.nextGaussian(), 100_000L + 5_000L * v,
                    v == 1 ? "initial training" : v % 3 == 0 ? "retrain request: drift: origin_mean_delay PSI" : "data volume",
                    v == VERSIONS ? List.of("champion") : v == 1 ? List.of("challenger") : List.of()));
        }

        List<AucPoint> auc = new ArrayList<>();
        List<DriftPoint> drift = new ArrayList<>();
        List<AlertMark> alerts = new ArrayList<>();
        List<LatencyPoint> latency = new ArrayList<>();
        Map<String, Boolean> alerting = new LinkedHashMap<>();
        for (int day = 0; day < DAYS; day++) {
            long from = START + day * DAY;
            long to = from + DAY;
            int serving = servingVersion(to);
            int daysSinceTraining = (int) ((from - versions.get(serving - 1).registeredTime()) / DAY);
            long n = 14_000 + random.nextInt(2_000);
            double championAcc = 0.81 + 0.006 * random.nextGaussian();
            double challengerAcc = 0.81 - 0.0006 * day + 0.006 * random.nextGaussian();
            double ci = 1.96 * Math.sqrt(0.81 * 0.19 / n);
            auc.add(new AucPoint(from, to, "champion", serving, n, 0.70 + 0.008 * random.nextGaussian(),
                    championAcc, championAcc - ci, championAcc + ci));
            auc.add(new AucPoint(from, to, "challenger", 1, n, 0.70 - 0.0012 * day + 0.008 * random.nextGaussian(),
                    challengerAcc, challengerAcc - ci, challengerAcc + ci));

            for (int f = 0; f < FEATURES.size(); f++) {
                String feature = FEATURES.get(f);
                // delay features drift away from their reference as the season changes; a retrain resets the reference
                double trend = feature.contains("delay") || feature.contains("late") ? 0.03 * Math.max(0, daysSinceTraining) : 0.004;
                double psi = Math.abs(0.03 + trend + 0.02 * random.nextGaussian());
                if (feature.equals("distance") && day == 30) psi = Double.NaN; // a window without values
                double ksD = Math.abs(0.02 + trend / 4 + 0.005 * random.nextGaussian());
                drift.add(new DriftPoint(from, to, feature, "PSI", psi, PSI_THRESHOLD, psi > PSI_THRESHOLD));
                drift.add(new DriftPoint(from, to, feature, "KS", ksD, KS_P_THRESHOLD, ksD > 0.06));
                boolean drifted = psi > PSI_THRESHOLD;
                boolean wasAlerting = alerting.getOrDefault(feature, false);
                if (drifted != wasAlerting && !Double.isNaN(psi)) {
                    alerts.add(new AlertMark(to, feature, "PSI", psi > 2 * PSI_THRESHOLD ? "critical" : "warning",
                            drifted ? "RAISED" : "CLEARED", serving, serving == 1 ? "champion, challenger" : "champion", psi));
                    alerting.put(feature, drifted);
                }
            }

            boolean swapDay = daysSinceTraining == 0;
            double p50 = 1.8 + 0.2 * random.nextGaussian();
            latency.add(new LatencyPoint(from, to, n, p50, p50 * 3 + random.nextDouble(), p50 * (swapDay ? 25 : 8)));
        }

        List<FreshnessPoint> freshness = new ArrayList<>();
        for (long t = START; t < START + DAYS * DAY; t += 6 * 3_600_000L) {
            Map<String, Double> lag = new LinkedHashMap<>();
            lag.put("flights_origin_1h", 8 + 6 * random.nextDouble());
            lag.put("flights_destination_1h", 9 + 7 * random.nextDouble());
            lag.put("flights_route_24h", 30 + 20 * random.nextDouble());
            freshness.add(new FreshnessPoint(t, lag));
        }

        // the error-stream detector (DDM) signals about once a week, more often for the ageing baseline
        List<ErrorStreamPoint> errorStream = new ArrayList<>();
        long previous = START;
        for (int day = 5; day < DAYS; day += 6) {
            long at = START + day * DAY + 9 * 3_600_000L;
            int version = day % 12 == 5 ? 1 : servingVersion(at);
            double p = 0.19 + 0.002 * day + 0.01 * random.nextGaussian();
            double s = Math.sqrt(p * (1 - p) / 20_000);
            errorStream.add(new ErrorStreamPoint(previous, at, "DDM", version, version == 1 ? "champion, challenger" : "champion", p,
                    20_000, p + s, p - 0.004, p - 0.002));
            previous = at;
        }

        long raised = alerts.stream().filter(a -> a.state().equals("RAISED")).count();
        List<SummaryRow> summary = List.of(new SummaryRow("Flights replayed", "920,000"),
                new SummaryRow("Event time", "2001-01-01 .. 2001-03-01 (59 days)"),
                new SummaryRow("Model versions registered", String.valueOf(VERSIONS)),
                new SummaryRow("Drift alerts raised", String.valueOf(raised)),
                new SummaryRow("Champion accuracy", "0.8101 [0.8093, 0.8109]"),
                new SummaryRow("Challenger accuracy", "0.7925 [0.7916, 0.7934]"));
        List<AbVariant> ab = List.of(
                new AbVariant("champion", "v1–v8", 880_000, 0.8101, 0.8093, 0.8109, 0.702, 0.139, List.of()),
                new AbVariant("challenger", "v1", 880_000, 0.7925, 0.7916, 0.7934, 0.668, 0.151, List.of(
                        new AbTest("accuracy", "two-proportion z-test", "z", -7.02, -0.0176, 3.2e-12, 0.05),
                        new AbTest("Brier loss", "Welch's t-test", "t", 5.13, 0.012, 2.9e-7, 0.05))));
        return new DemoResults("Tributary demo: continuous training on US flights, 2001", "2001-01-01 .. 2001-03-01 (920,000 flights)",
                Instant.parse("2025-11-28T09:14:00Z").toEpochMilli(), 754_000, summary, versions, auc, drift, alerts,
                errorStream, freshness, latency, ab);
    }

    /** Nothing at all: what a run that failed early leaves. */
    static DemoResults empty() {
        return new DemoResults("Tributary demo", "2001-01-01 .. 2001-03-01", 0, 0, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of());
    }

    /** The version serving a window that ends at {@code windowEnd}: the newest one trained before it. */
    private static int servingVersion(long windowEnd) {
        int v = 1;
        for (int k = 1; k <= VERSIONS; k++) if (START + 7L * k * DAY < windowEnd) v = k;
        return v;
    }
}
