package io.tributary.jobs.cli;

import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.models.RegistryState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The model registry: list, show, register, promote, roll back and archive model versions.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Register.class,
                ModelsCommand.Promote.class, ModelsCommand.Rollback.class, ModelsCommand.Archive.class,
                ModelsCommand.Reproduce.class})
final class ModelsCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    static ModelRegistry registry(ConfigOptions options) {
        String artefacts = options.config().get("models.artifacts", options.stack().warehouse().resolve("models").toUri().toString());
        return new ModelRegistry(options.config().kafkaBootstrap(), new ArtifactStore(artefacts));
    }

    static String who() { return System.getProperty("user.name", "cli"); }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Models with their versions and aliases.")
    static final class ListModels implements Runnable {
        @Mixin ConfigOptions options;

        @Override
        public void run() {
            RegistryState s = registry(options).state();
            if (s.models().isEmpty()) {
                System.out.println("no models registered");
                return;
            }
            System.out.printf("%-24s %-9s %-40s %s%n", "MODEL", "VERSIONS", "ALIASES", "REJECTED");
            for (RegistryState.Model m : s.models().values()) {
                String aliases = m.aliases().values().stream().map(a -> a.name() + "=v" + a.version()
                        + (a.trafficShare() == null ? "" : " (" + Math.round(a.trafficShare() * 100) + " %)")).collect(Collectors.joining(", "));
                System.out.printf("%-24s %-9d %-40s %d%n", m.name(), m.versions().size(), aliases.isEmpty() ? "-" : aliases, m.rejected().size());
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A model's versions and aliases, or one version in detail.")
    static final class Show implements Runnable {
        @Mixin ConfigOptions options;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION") Integer version;

        @Override
        public void run() {
            RegistryState.Model m = registry(options).state().model(name).orElseThrow(() ->
                    new TributaryCommand.UsageError("no model '" + name + "' is registered (see `tributary models list`)"));
            if (version != null) {
                RegistryState.Version v = m.version(version).orElseThrow(() ->
                        new TributaryCommand.UsageError("model " + name + " has no version " + version + "; versions are " + m.versions().keySet()));
                ModelEvent r = v.registered();
                System.out.println("model:     " + name + " v" + version + (v.archived() ? " (archived: " + v.archivedBy().why() + ")" : ""));
                System.out.println("sha256:    " + r.sha256());
                System.out.println("artefact:  " + r.artifact());
                System.out.println("inputs:    " + r.inputs());
                System.out.println("outputs:   " + (r.outputs().isEmpty() ? "(not recorded)" : r.outputs()));
                System.out.println("metrics:   " + r.metrics());
                System.out.println("lineage:   " + r.lineage());
                System.out.println("by:        " + r.by() + " at " + r.at() + (r.why() == null || r.why().isEmpty() ? "" : " (" + r.why() + ")"));
                return;
            }
            System.out.printf("%-8s %-10s %-22s %-12s %s%n", "VERSION", "STATUS", "REGISTERED", "ALIASES", "METRICS");
            for (RegistryState.Version v : m.versions().values()) {
                String aliases = m.aliases().values().stream().filter(a -> a.version() == v.number()).map(RegistryState.Alias::name)
                        .collect(Collectors.joining(","));
                System.out.printf("%-8s %-10s %-22s %-12s %s%n", "v" + v.number(), v.archived() ? "archived" : "active",
                        v.registered().at().toString().substring(0, 19), aliases.isEmpty() ? "-" : aliases, v.registered().metrics());
            }
            for (ModelEvent r : m.rejected()) System.out.println("rejected " + r.candidate() + ": " + r.why() + " " + r.metrics());
            System.out.println("history:");
            for (ModelEvent e : m.history()) {
                System.out.println("  " + e.at() + "  " + e.type() + (e.alias() == null ? "" : " " + e.alias())
                        + (e.version() == null ? "" : " v" + e.version()) + "  by " + e.by() + (e.why() == null || e.why().isEmpty() ? "" : ": " + e.why()));
            }
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register a model trained elsewhere. The file is loaded in ONNX Runtime and its inputs are checked "
                    + "against --features; a corrupt or mismatched file is rejected and the registry stays unchanged."})
    static final class Register implements Runnable {
        @Mixin ConfigOptions options;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "FILE.onnx") Path file;
        @Option(names = "--features", split = ",", required = true, paramLabel = "NAME",
                description = "the model's features, in input order") List<String> features = new ArrayList<>();
        @Option(names = "--metric", paramLabel = "KEY=VALUE", description = "a metric to record (repeatable)") List<String> metrics = new ArrayList<>();
        @Option(names = "--why", description = "why it is registered") String why = "";

        @Override
        public void run() {
            CliArguments.existingFile("model file", file);
            Map<String, Object> m = new LinkedHashMap<>();
            for (String kv : metrics) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new TributaryCommand.UsageError("a metric looks like key=value, got '" + kv + "'");
                String v = kv.substring(eq + 1);
                try {
                    m.put(kv.substring(0, eq), Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    m.put(kv.substring(0, eq), v);
                }
            }
            try {
                ModelEvent e = registry(options).register(name, Files.readAllBytes(file), features, m,
                        Map.of("source_file", file.toAbsolutePath().toString()), who(), why);
                System.out.println("registered " + name + " v" + e.version() + " (sha256 " + e.sha256() + ")");
            } catch (java.io.IOException e) {
                throw new TributaryCommand.UserError("cannot store the artefact: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                // one line: ONNX Runtime's messages may span several
                throw new TributaryCommand.UserError(file + " was not registered: " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
            }
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Point an alias (default champion) at a version.")
    static final class Promote implements Runnable {
        @Mixin ConfigOptions options;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "VERSION") int version;
        @Option(names = "--alias", description = "champion, challenger, shadow or canary (default ${DEFAULT-VALUE})") String alias = "champion";
        @Option(names = "--share", description = "a canary's traffic share, e.g. 0.05") Double share;
        @Option(names = "--why", description = "why") String why = "";

        @Override
        public void run() {
            ModelEvent e = registry(options).setAlias(name, alias, version, share, who(), why);
            System.out.println(name + " " + alias + " -> v" + e.version() + (e.previousVersion() == null ? "" : " (was v" + e.previousVersion() + ")"));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Point an alias (default champion) back at its previous version.")
    static final class Rollback implements Runnable {
        @Mixin ConfigOptions options;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--alias", description = "default ${DEFAULT-VALUE}") String alias = "champion";
        @Option(names = "--why", description = "why") String why = "rollback";

        @Override
        public void run() {
            ModelEvent e = registry(options).rollback(name, alias, who(), why);
            System.out.println(name + " " + alias + " -> v" + e.version() + " (rolled back from v" + e.previousVersion() + ")");
        }
    }

    @Command(name = "reproduce", mixinStandardHelpOptions = true,
            description = {"Retrain a version from its recorded lineage (Iceberg time travel to the snapshot of its training "
                    + "examples, the same split, parameters and seed) and check that the ONNX bytes are identical (sha256).",
                    "Exit code 0 when identical, 4 when they differ."})
    static final class Reproduce implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "VERSION") int version;

        @Override
        public Integer call() throws Exception {
            RegistryState.Model m = registry(options).state().model(name).orElseThrow(() ->
                    new TributaryCommand.UsageError("no model '" + name + "' is registered (see `tributary models list`)"));
            ModelEvent v = m.version(version).orElseThrow(() ->
                    new TributaryCommand.UsageError("model " + name + " has no version " + version + "; versions are " + m.versions().keySet())).registered();
            var again = io.tributary.training.job.TrainingReproducer.reproduce(v);
            boolean same = again.sha256().equals(v.sha256());
            System.out.println("registered: " + v.sha256());
            System.out.println("reproduced: " + again.sha256());
            System.out.println(same ? "identical: " + name + " v" + version + " is reproducible from its lineage"
                    : "DIFFERENT: retraining " + name + " v" + version + " from its lineage gave other bytes");
            return same ? 0 : 4;
        }
    }

    @Command(name = "archive", mixinStandardHelpOptions = true, description = "Retire a version (refused while an alias points to it).")
    static final class Archive implements Runnable {
        @Mixin ConfigOptions options;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "VERSION") int version;
        @Option(names = "--why", description = "why") String why = "";

        @Override
        public void run() {
            registry(options).archive(name, version, who(), why);
            System.out.println(name + " v" + version + " archived");
        }
    }
}
