package io.tributary.jobs.demo.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.jobs.demo.DemoResults;
import io.tributary.jobs.demo.DemoResults.AlertMark;
import io.tributary.jobs.demo.DemoResults.DriftPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The report of realistic results, rendered by headless Chromium: every chart the data calls for is drawn, with one
 * visible series per variant, feature, view or percentile inside its plot area, the markers and rules of the data,
 * and a screenshot that is not blank. Needs Chromium ({@code apt-get install -y chromium}); fails without it. Keeps
 * the report and the screenshot in {@code target/demo-report/}.
 */
class DemoReportChromiumITCase {
    private static final Path OUT = Path.of("target", "demo-report");
    private static final Pattern RENDER_CHECK = Pattern.compile(
            "<script type=\"application/json\" id=\"render-check\">(.*?)</script>", Pattern.DOTALL);

    private static DemoResults results;
    private static Path report;

    @BeforeAll
    static void writeReport() throws Exception {
        results = DemoResultsSamples.flights2001();
        report = OUT.resolve("report.html").toAbsolutePath();
        DemoReport.write(results, report);
    }

    @Test
    void everyChartIsDrawnWithOneVisibleSeriesPerLineOfData() throws Exception {
        String dom = HeadlessChromium.installed().dumpDom(report, 5_000);
        Matcher m = RENDER_CHECK.matcher(dom);
        if (!m.find()) fail("the report's render check did not run in Chromium; the DOM ends with: " + dom.substring(Math.max(0, dom.length() - 500)));
        JsonNode check = new ObjectMapper().readTree(m.group(1));
        assertThat(check.get("errors")).as("script errors while measuring").isEmpty();
        Map<String, JsonNode> rendered = new LinkedHashMap<>();
        for (JsonNode chart : check.get("charts")) rendered.put(chart.get("chart").asText(), chart);

        Map<String, List<String>> expected = expectedSeries(results);
        assertThat(rendered.keySet()).as("charts drawn").containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            JsonNode chart = rendered.get(e.getKey());
            JsonNode plot = chart.get("plot");
            assertThat(plot.get("w").asDouble() * plot.get("h").asDouble()).as(e.getKey() + " plot area").isGreaterThan(10_000);
            List<String> keys = new ArrayList<>();
            for (JsonNode s : chart.get("series")) {
                String what = e.getKey() + " series " + s.get("key").asText();
                keys.add(s.get("key").asText());
                assertThat(s.get("w").asDouble()).as(what + " width").isGreaterThan(0);
                assertThat(s.get("h").asDouble()).as(what + " height").isGreaterThan(0);
                assertThat(s.get("paintedMarks").asInt()).as(what + " painted paths or dots").isPositive();
                assertThat(s.get("length").asDouble()).as(what + " drawn path length").isGreaterThan(10);
                assertThat(inside(s, plot, 6)).as(what + " inside the plot area " + plot + ": " + s).isTrue();
                if (!e.getKey().equals("ab")) {
                    // every sample series spans the whole run, so its line spans (nearly) the whole time axis
                    assertThat(s.get("w").asDouble()).as(what + " spans the time axis").isGreaterThan(0.9 * plot.get("w").asDouble());
                }
            }
            assertThat(keys).as(e.getKey() + " series").containsExactlyElementsOf(e.getValue());
        }

        for (String chart : List.of("auc", "accuracy", "drift-psi", "drift-ks")) {
            assertThat(rendered.get(chart).get("verticalRules").asInt()).as(chart + " version markers").isEqualTo(results.versions().size());
        }
        assertThat(rendered.get("drift-psi").get("horizontalRules").asInt()).as("PSI threshold").isEqualTo(1);
        for (String test : List.of("PSI", "KS")) {
            JsonNode markers = rendered.get("drift-" + test.toLowerCase(Locale.ROOT)).get("markers");
            assertThat(markers.path("alert-raised").asLong()).as(test + " raised alerts").isEqualTo(alerts(test, "RAISED"));
            assertThat(markers.path("alert-cleared").asLong()).as(test + " cleared alerts").isEqualTo(alerts(test, "CLEARED"));
            assertThat(markers.path("drifted").asLong()).as(test + " drifted windows")
                    .isEqualTo(results.drift().stream().filter(d -> d.test().equals(test) && d.drifted()).count());
        }
        assertThat(alerts("PSI", "RAISED")).isPositive();
        assertThat(rendered.get("error-stream").get("markers").path("error-signal").asLong()).as("error-stream signals")
                .isEqualTo(results.errorStream().size());
        assertThat(Pattern.compile("<figcaption>").matcher(dom).results().count()).isEqualTo(5);
    }

    @Test
    void theScreenshotShowsTheCharts() throws Exception {
        Path png = OUT.resolve("report.png").toAbsolutePath();
        HeadlessChromium.installed().screenshot(report, png, 1100, 4000);
        BufferedImage image = ImageIO.read(png.toFile());

        assertThat(image.getWidth()).isEqualTo(1100);
        long ink = 0;
        long colour = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.min(r, Math.min(g, b)) < 200) ink++;
                // text and frames are grey; saturated pixels come from the series, bands and markers
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) colour++;
            }
        }
        double pixels = (double) image.getWidth() * image.getHeight();
        assertThat(ink / pixels).as("share of non-white pixels").isGreaterThan(0.02);
        assertThat(colour / pixels).as("share of coloured pixels").isGreaterThan(0.005);
    }

    /** Per chart the data calls for, its series in the order of the data. */
    private static Map<String, List<String>> expectedSeries(DemoResults r) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        List<String> variants = new ArrayList<>(new LinkedHashSet<>(r.auc().stream().map(p -> p.variant()).toList()));
        expected.put("auc", variants);
        expected.put("accuracy", variants);
        for (String test : new LinkedHashSet<>(r.drift().stream().map(DriftPoint::test).toList())) {
            expected.put("drift-" + test.toLowerCase(Locale.ROOT),
                    new ArrayList<>(new LinkedHashSet<>(r.drift().stream().filter(d -> d.test().equals(test)).map(DriftPoint::feature).toList())));
        }
        if (!r.errorStream().isEmpty()) expected.put("error-stream", List.of("error-rate", "statistic", "warning-level", "drift-level"));
        TreeSet<String> views = new TreeSet<>();
        r.freshness().forEach(f -> views.addAll(f.lagMinutesByView().keySet()));
        expected.put("freshness", new ArrayList<>(views));
        expected.put("latency", List.of("p50", "p95", "p99"));
        expected.put("ab", r.ab().stream().map(DemoResults.AbVariant::variant).toList());
        return expected;
    }

    private static long alerts(String test, String state) {
        return results.alerts().stream().filter((AlertMark a) -> a.test().equals(test) && a.state().equals(state)).count();
    }

    private static boolean inside(JsonNode box, JsonNode plot, double tolerance) {
        return box.get("x").asDouble() >= plot.get("x").asDouble() - tolerance
                && box.get("y").asDouble() >= plot.get("y").asDouble() - tolerance
                && box.get("x").asDouble() + box.get("w").asDouble() <= plot.get("x").asDouble() + plot.get("w").asDouble() + tolerance
                && box.get("y").asDouble() + box.get("h").asDouble() <= plot.get("y").asDouble() + plot.get("h").asDouble() + tolerance;
    }
}
