package io.tributary.jobs.demo.report;

import io.tributary.jobs.demo.DemoResults;
import io.tributary.jobs.demo.DemoResults.ErrorStreamPoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The error-stream detector's panel in figure 2: its drift signals over event time, each at its statistic with the
 * warning and drift levels it was judged against, and the error rate of the stretch it closed; one dot per signal,
 * marked with the version and variant that served. Not a feature: it watches whether predictions are right.
 */
final class ErrorStreamChart {
    static final String SIGNAL_COLOUR = "#d62728";

    private ErrorStreamChart() {}

    static String html(DemoResults r) {
        List<ErrorStreamPoint> signals = new ArrayList<>(Html.orEmpty(r.errorStream()));
        if (signals.isEmpty()) return "";
        signals.sort(Comparator.comparingLong(ErrorStreamPoint::at));
        String detector = signals.stream().map(ErrorStreamPoint::detector).filter(d -> d != null && !d.isBlank()).findFirst().orElse("detector");
        boolean levels = signals.stream().anyMatch(p -> Double.isFinite(p.driftLevel()));
        SvgChart chart = SvgChart.overTime("error-stream", "Error-stream detector (" + detector + "): its drift signals", "error rate");
        double[] x = DemoFigures.values(signals, p -> (double) p.at());
        chart.line("error-rate", "error rate since the previous signal", DemoFigures.PALETTE.get(7), x,
                DemoFigures.values(signals, ErrorStreamPoint::errorRate));
        if (levels) {
            chart.line("statistic", "statistic (p + s)", SIGNAL_COLOUR, x, DemoFigures.values(signals, ErrorStreamPoint::statistic))
                    .line("warning-level", "warning level (p_min + 2 s_min)", DemoFigures.PALETTE.get(1), x,
                            DemoFigures.values(signals, ErrorStreamPoint::warningLevel))
                    .line("drift-level", "drift level (p_min + 3 s_min)", DemoFigures.PALETTE.get(4), x,
                            DemoFigures.values(signals, ErrorStreamPoint::driftLevel));
        }
        for (ErrorStreamPoint p : signals) {
            double y = levels && Double.isFinite(p.statistic()) ? p.statistic() : p.errorRate();
            chart.marker("error-signal", SvgChart.Shape.DOT, SIGNAL_COLOUR, p.at(), y, String.format(Locale.ROOT,
                    "%s drift signal at %s: error rate %.4f over %,d predictions%s, model v%d%s", detector, Html.minute(p.at()),
                    p.errorRate(), p.n(), Double.isFinite(p.driftLevel()) ? String.format(Locale.ROOT,
                            "; statistic %.4f > drift level %.4f (warning level %.4f)", p.statistic(), p.driftLevel(), p.warningLevel()) : "",
                    p.version(), p.variants() == null || p.variants().isBlank() ? "" : " (" + p.variants() + ")"),
                    Map.of("version", String.valueOf(p.version()), "variant", p.variants() == null ? "" : p.variants()));
        }
        chart.legend(SvgChart.Shape.DOT, SIGNAL_COLOUR, "drift signal (hover: version, variant)");
        for (DemoResults.ModelVersion v : Html.orEmpty(r.versions())) chart.verticalRule(v.registeredTime(), "v" + v.version());
        long raised = Html.orEmpty(r.alerts()).stream()
                .filter(a -> DriftFigure.ERROR_STREAM.equals(a.feature()) && "RAISED".equalsIgnoreCase(a.state())).count();
        String note = "<p class=\"note\">" + Html.escape(caption(signals, detector, levels) + " Its signals raised " + raised
                + " alert(s) on drift.alerts (counted in the summary's drift alerts, not in the feature charts').") + "</p>\n";
        return (chart.hasData() ? chart.svg() : DemoFigures.noData("every error rate of the " + detector + " signals is NaN")) + note;
    }

    /** "DDM signalled drift 5 times: v1 (champion, challenger) 3, v4 (champion) 2; ...", from the signals. */
    static String caption(List<ErrorStreamPoint> signals, String detector, boolean levels) {
        Map<Integer, List<ErrorStreamPoint>> byVersion = new TreeMap<>(signals.stream().collect(Collectors.groupingBy(ErrorStreamPoint::version)));
        String perVersion = byVersion.entrySet().stream().map(e -> "v" + e.getKey() + variants(e.getValue().get(0)) + " " + e.getValue().size())
                .collect(Collectors.joining(", "));
        String text = String.format(Locale.ROOT, "The error-stream detector (%s) signalled drift %d time(s): %s. It reads one error per "
                + "prediction with an outcome (wrong at 0.5) and restarts after each signal and with each new version.",
                detector, signals.size(), perVersion);
        return text + (levels ? " A signal is a statistic above its drift level; the warning level is the one below it."
                : " The drift job recorded no warning and drift levels for these signals, so only the error rates are drawn.");
    }

    private static String variants(ErrorStreamPoint p) {
        return p.variants() == null || p.variants().isBlank() ? "" : " (" + p.variants() + ")";
    }
}
