package io.tributary.jobs.cli;

import io.tributary.core.features.FeatureRegistry;
import io.tributary.core.features.FeatureStoreClient;
import io.tributary.core.features.FeatureValue;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.features.OnlineStoreLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = "The feature store: list and describe registered feature views, read online values.",
        subcommands = {FeaturesCommand.ListViews.class, FeaturesCommand.Describe.class, FeaturesCommand.Get.class})
final class FeaturesCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    static FeatureRegistry registry(ConfigOptions options) {
        return new FeatureRegistry(options.config().kafkaBootstrap());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered feature views (current versions).")
    static final class ListViews implements Runnable {
        @Mixin ConfigOptions options;

        @Override
        public void run() {
            Map<String, List<FeatureRegistry.Entry>> all = registry(options).load();
            if (all.isEmpty()) {
                System.out.println("no feature views registered");
                return;
            }
            System.out.printf("%-24s %-13s %-20s %-20s %-9s %-8s %s%n", "VIEW", "VERSION", "ENTITY KEYS", "WINDOW", "FEATURES", "TTL", "OWNER");
            for (List<FeatureRegistry.Entry> versions : all.values()) {
                FeatureViewInfo v = versions.get(versions.size() - 1).view();
                System.out.printf("%-24s %-13s %-20s %-20s %-9d %-8s %s%n", v.name(), v.version(),
                        v.entityKeys().isEmpty() ? "(global)" : String.join(",", v.entityKeys()), v.window(),
                        v.features().size(), v.ttl().isZero() ? "none" : v.ttl().toString().substring(2).toLowerCase(), v.owner());
            }
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a view's features, types and versions.")
    static final class Describe implements Runnable {
        @Mixin ConfigOptions options;
        @Parameters(paramLabel = "VIEW") String view;

        @Override
        public void run() {
            List<FeatureRegistry.Entry> versions = registry(options).load().get(view);
            if (versions == null) throw new TributaryCommand.UsageError("no feature view '" + view + "' is registered (see `tributary features list`)");
            FeatureViewInfo v = versions.get(versions.size() - 1).view();
            System.out.println("view:        " + v.name() + (v.description().isEmpty() ? "" : " - " + v.description()));
            System.out.println("version:     " + v.version());
            System.out.println("source:      " + v.sourceTopic());
            System.out.println("entity keys: " + (v.entityKeys().isEmpty() ? "(global)" : String.join(", ", v.entityKeys())));
            System.out.println("window:      " + v.window());
            System.out.println("ttl:         " + (v.ttl().isZero() ? "none" : v.ttl()));
            System.out.println("owner:       " + v.owner());
            System.out.printf("%-24s %-8s %-15s %s%n", "FEATURE", "TYPE", "AGGREGATION", "DESCRIPTION");
            for (FeatureViewInfo.Feature f : v.features()) {
                System.out.printf("%-24s %-8s %-15s %s%n", f.name(), f.type(), f.aggregation(), f.description());
            }
            System.out.println("versions (oldest first):");
            for (FeatureRegistry.Entry e : versions) System.out.println("  " + e.view().version() + "  registered " + e.registeredAt());
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Read online feature values of entities, each with its status (PRESENT, NOT_FOUND, OUTSIDE_MAX_AGE).",
                    "KEY is the entity: the view's key values joined by '|' (e.g. ORD|LAX), or _ for a view without keys."})
    static final class Get implements Runnable {
        @Mixin ConfigOptions options;
        @Parameters(index = "0", paramLabel = "VIEW") String view;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY") List<String> keys;
        @Option(names = "--features", split = ",", paramLabel = "NAME", description = "features to read (default: all)")
        List<String> features = new ArrayList<>();
        @Option(names = "--as-of", paramLabel = "INSTANT", description = "judge max age as of this ISO-8601 instant (default: now)")
        Instant asOf;
        @Option(names = "--namespace", description = "Redis key namespace (default: ${DEFAULT-VALUE})")
        String namespace = OnlineStoreLayout.DEFAULT_NAMESPACE;

        @Override
        public void run() {
            List<FeatureViewInfo> views = registry(options).current();
            if (views.stream().noneMatch(v -> v.name().equals(view))) {
                throw new TributaryCommand.UsageError("no feature view '" + view + "' is registered (see `tributary features list`)");
            }
            Instant at = asOf == null ? Instant.now() : asOf;
            try (FeatureStoreClient client = new FeatureStoreClient(options.config().redisUri(), namespace, views)) {
                Map<String, Map<String, FeatureValue>> values = client.getOnlineFeatures(view, features, keys, at);
                System.out.printf("%-20s %-24s %-22s %-16s %s%n", "ENTITY", "FEATURE", "VALUE", "STATUS", "WINDOW END");
                for (Map.Entry<String, Map<String, FeatureValue>> e : values.entrySet()) {
                    for (Map.Entry<String, FeatureValue> f : e.getValue().entrySet()) {
                        FeatureValue v = f.getValue();
                        System.out.printf("%-20s %-24s %-22s %-16s %s%n", e.getKey(), f.getKey(), v.value() == null ? "-" : v.value(),
                                v.status(), v.windowEnd() < 0 ? "-" : Instant.ofEpochMilli(v.windowEnd()).toString());
                    }
                }
            }
        }
    }
}
