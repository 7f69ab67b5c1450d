package io.tributary.jobs.cli;

import io.tributary.core.config.TributaryConfig;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.features.materialize.OnlineStoreMaterializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "materialize", mixinStandardHelpOptions = true,
        description = {"Restore the online store (Redis) of feature views from the offline store (Iceberg), e.g. after Redis lost its data.",
                "Writes each entity's newest row with window_end <= --as-of, unless it is older than the view's TTL, in the",
                "pipeline's layout and with its compare-and-set (a newer row already in Redis stays)."})
final class MaterializeCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(arity = "0..1", paramLabel = "VIEW", description = "a registered feature view (see `tributary features list`)")
    String view;

    @Option(names = "--all", description = "every registered view")
    boolean all;

    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "newest rows up to this ISO-8601 instant, TTL judged at it (default: now; replayed history needs its own time)")
    Instant asOf;

    @Option(names = "--namespace", description = "Redis key namespace (default: ${DEFAULT-VALUE})")
    String namespace = OnlineStoreLayout.DEFAULT_NAMESPACE;

    @Override
    public Integer call() {
        if ((view == null) == !all) throw new TributaryCommand.UsageError("give a VIEW or --all (not both)");
        Instant at = asOf == null ? Instant.now() : asOf;
        TributaryConfig config = options.config();
        String warehouse = config.get(TributaryConfig.WAREHOUSE, options.stack().warehouse().toUri().toString());
        List<FeatureViewInfo> registered = FeaturesCommand.registry(options).current();
        List<FeatureViewInfo> views = all ? registered : registered.stream().filter(v -> v.name().equals(view)).toList();
        if (views.isEmpty()) {
            if (all) throw new TributaryCommand.UserError("no feature views are registered");
            throw new TributaryCommand.UsageError("no feature view '" + view + "' is registered (see `tributary features list`)");
        }
        System.out.printf("%-24s %10s %9s %8s %16s %18s%n", "VIEW", "ROWS READ", "ENTITIES", "WRITTEN", "SKIPPED EXPIRED", "KEPT NEWER IN REDIS");
        for (FeatureViewInfo v : views) {
            OnlineStoreMaterializer.Result r;
            try {
                r = OnlineStoreMaterializer.materialize(warehouse, v, config.redisUri(), namespace, at);
            } catch (IllegalArgumentException noTable) {
                if (!all) throw noTable;
                System.out.printf("%-24s skipped: %s%n", v.name(), noTable.getMessage());
                continue;
            }
            System.out.printf("%-24s %10d %9d %8d %16d %18d%n", v.name(), r.rowsRead(), r.entities(), r.written(),
                    r.skippedExpired(), r.keptNewer());
        }
        System.out.println("as of " + at + "; warehouse " + warehouse + "; Redis " + config.redisUri());
        return 0;
    }

}
