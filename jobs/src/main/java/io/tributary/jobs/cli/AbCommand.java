package io.tributary.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.topic.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "ab", mixinStandardHelpOptions = true, description = "A/B test results (the ab job: `./tributary deploy ab`).",
        subcommands = {AbCommand.Report.class})
final class AbCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Per window and variant: predictions with outcomes, mean outcome and accuracy with 95 % intervals, "
                    + "AUC, and the test against the champion (ab.results).")
    static final class Report implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Parameters(index = "0", description = "the experiment: the model whose traffic is split") String experiment;
        @Option(names = "--last", description = "windows to show (default ${DEFAULT-VALUE})") int last = 7;

        @Override
        public Integer call() {
            CliArguments.positive("--last", last);
            ObjectMapper json = new ObjectMapper();
            TreeMap<Long, Map<String, JsonNode>> windows = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : readAll(options.config().kafkaBootstrap())) {
                try {
                    JsonNode n = json.readTree(r.value());
                    if (!experiment.equals(n.path("experiment").asText())) continue;
                    windows.computeIfAbsent(n.get("window_start").asLong(), k -> new TreeMap<>()).put(n.get("variant").asText(), n);
                } catch (java.io.IOException unreadable) {
                    // not a result record
                }
            }
            if (windows.isEmpty()) {
                throw new TributaryCommand.UserError("no A/B results for '" + experiment + "' on " + TopicNames.AB_RESULTS
                        + "; is the ab job running (`./tributary deploy ab --model " + experiment + " ...`)?");
            }
            System.out.printf("A/B test %s (%s): %d windows, the last %d%n", experiment, TopicNames.AB_RESULTS, windows.size(), Math.min(last, windows.size()));
            System.out.printf("%-17s %-11s %4s %8s %-22s %-22s %7s %9s %9s %s%n", "window", "variant", "ver", "n",
                    "mean outcome (95% CI)", "accuracy (95% CI)", "AUC", "z-test p", "Welch p", "vs champion");
            List<Long> keys = new ArrayList<>(windows.keySet());
            for (Long start : keys.subList(Math.max(0, keys.size() - last), keys.size())) {
                for (JsonNode n : windows.get(start).values()) {
                    String verdict = n.get("variant").asText().equals("champion") ? "" : verdict(n);
                    System.out.printf("%-17s %-11s %4d %8d %-22s %-22s %7.4f %9s %9s %s%n",
                            Instant.ofEpochMilli(start).toString().substring(0, 16), n.get("variant").asText(), n.get("version").asInt(),
                            n.get("n").asLong(), ci(n, "mean_outcome"), ci(n, "accuracy"), n.get("auc").asDouble(),
                            p(n.get("z_test_p")), p(n.get("welch_p")), verdict);
                }
            }
            return 0;
        }

        /** Each test with its own verdict: "+0.0012 accuracy (z-test: not significant), Brier (Welch: significant) at 0.05". */
        static String verdict(JsonNode n) {
            double alpha = n.path("alpha").isNumber() ? n.get("alpha").asDouble() : 0.05;
            return String.format(java.util.Locale.ROOT, "%+.4f accuracy (z-test: %s), Brier loss (Welch: %s) at %s",
                    n.path("accuracy_diff_vs_champion").asDouble(Double.NaN), verdict(n.get("z_test_p"), alpha),
                    verdict(n.get("welch_p"), alpha), alpha);
        }

        private static String verdict(JsonNode p, double alpha) {
            if (p == null || !p.isNumber() || Double.isNaN(p.asDouble())) return "not computed";
            return p.asDouble() < alpha ? "significant" : "not significant";
        }

        private static String ci(JsonNode n, String field) {
            return String.format("%.4f [%.4f, %.4f]", n.get(field).asDouble(), n.get(field + "_ci_low").asDouble(), n.get(field + "_ci_high").asDouble());
        }

        private static String p(JsonNode v) {
            return v == null || v.isNull() || !v.isNumber() || Double.isNaN(v.asDouble()) ? "-" : String.format("%.2g", v.asDouble());
        }

        private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap) {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            io.tributary.jobs.kafka.TopicScan.scan(bootstrap, TopicNames.AB_RESULTS, out::add);
            return out;
        }
    }
}
