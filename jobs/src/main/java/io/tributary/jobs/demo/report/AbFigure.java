package io.tributary.jobs.demo.report;

import io.tributary.jobs.demo.DemoResults;
import io.tributary.jobs.demo.DemoResults.AbTest;
import io.tributary.jobs.demo.DemoResults.AbVariant;

import java.util.ArrayList;
import java.util.List;

/**
 * Figure 5: accuracy with its 95% CI per variant over the whole run; a table of the variants; and a table of the tests
 * against the champion, one row per test with its own statistic, p-value and verdict (a verdict never borrows another
 * test's p-value).
 */
final class AbFigure {
    private AbFigure() {}

    static String html(DemoResults r) {
        String title = "A/B comparison";
        List<AbVariant> variants = Html.orEmpty(r.ab());
        if (variants.isEmpty()) {
            return DemoFigures.figure("ab", 5, title, DemoFigures.noData("no A/B comparison was computed for this run"),
                    "Accuracy of each variant over the whole run with its 95% confidence interval.");
        }
        String caption = "Accuracy of each variant over the whole run with its 95% confidence interval. " + Captions.ab(variants);

        SvgChart chart = SvgChart.overCategories("ab", "Accuracy over the whole run, 95% CI", "accuracy",
                variants.stream().map(v -> DemoFigures.name(v.variant())).toList());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            AbVariant v = variants.get(i);
            String ci = "[" + Html.number(v.accuracyCiLow(), 4) + ", " + Html.number(v.accuracyCiHigh(), 4) + "]";
            String variant = DemoFigures.name(v.variant());
            chart.interval(variant, DemoFigures.variantLabel(variant, DemoFigures.compactVersions(v.versions())) + ", n = " + Html.count(v.n()),
                    DemoFigures.variantColour(variant, i), i, v.accuracy(), v.accuracyCiLow(), v.accuracyCiHigh(),
                    Html.number(v.accuracy(), 4) + " " + ci);
            rows.add(List.of(variant, v.versions() == null ? "" : v.versions(), Html.count(v.n()),
                    Html.number(v.accuracy(), 4) + " " + ci, Html.number(v.auc(), 4), Html.number(v.meanBrier(), 4)));
        }
        String table = Html.table("ab", List.of("Variant", "Versions", "n", "Accuracy [95% CI]", "AUC", "Mean Brier"), rows, "llrrrr");
        return DemoFigures.figure("ab", 5, title, (chart.hasData() ? chart.svg() : DemoFigures.noData("every accuracy is NaN"))
                + table + tests(variants), caption);
    }

    /** One row per test of a variant against the champion; the champion's row says it is the reference. */
    static String tests(List<AbVariant> variants) {
        List<List<String>> rows = new ArrayList<>();
        for (AbVariant v : variants) {
            String variant = DemoFigures.name(v.variant());
            List<AbTest> tests = Html.orEmpty(v.tests());
            if (tests.isEmpty()) {
                rows.add(List.of(variant, "", "", "", "", "", "champion".equals(variant) ? "reference" : "not tested"));
                continue;
            }
            for (AbTest t : tests) {
                rows.add(List.of(variant, t.measure(), t.test(), signed(t.difference()), t.symbol() + " = " + Html.number(t.statistic(), 2),
                        Html.pValue(t.pValue()), Double.isNaN(t.pValue()) ? "not computed" : t.significant() ? "yes" : "no"));
            }
        }
        double alpha = variants.stream().flatMap(v -> Html.orEmpty(v.tests()).stream()).mapToDouble(AbTest::alpha).findFirst().orElse(0.05);
        return Html.table("ab-tests", List.of("Variant", "Compared", "Test", "Difference vs champion", "Statistic", "p-value",
                "Significant at " + Html.compact(alpha)), rows, "lllrrrl");
    }

    private static String signed(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%+.4f", v) : Html.number(v, 4);
    }
}
