package io.tributary.jobs.cli;

import io.tributary.jobs.sql.LocalSqlExecutor;
import io.tributary.jobs.sql.SqlGatewayClient;
import io.tributary.jobs.sql.SqlRunner;
import io.tributary.jobs.sql.SqlStatementException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run a Flink SQL script statement by statement through the SQL Gateway, printing results.",
                "On error, names the failing statement (number, line, text) and the server's message, and stops.",
                "Query results are cut at --max-rows; INSERT statements return once their job is submitted.",
                // $${ is picocli's escape: a plain ${key} would be looked up as a system property and print "null"
                "$${key} in the script is replaced by configuration values, e.g. $${kafka.bootstrap.servers}, $${redis.uri}, $${iceberg.warehouse}."})
final class SqlCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "FILE.sql", description = "the script")
    Path file;

    @Option(names = "--local", description = "run in an embedded TableEnvironment instead of the SQL Gateway "
            + "(INSERT jobs are awaited: for bounded scripts)")
    boolean local;

    @Option(names = "--batch", description = "with --local: batch mode instead of streaming")
    boolean batch;

    @Option(names = "--max-rows", paramLabel = "N", description = "rows to print per query (default ${DEFAULT-VALUE})")
    int maxRows = SqlRunner.DEFAULT_MAX_ROWS;

    @Option(names = "--output", paramLabel = "FILE",
            description = "with --local: every row of the script's queries to FILE (.csv, .json as JSON lines, or .parquet with --batch) "
                    + "instead of the first --max-rows printed; the k-th query to NAME-k.EXT")
    Path output;

    @Option(names = "--query-timeout", paramLabel = "SECONDS",
            description = "stop fetching an unbounded query after this long (default ${DEFAULT-VALUE})")
    long queryTimeoutSeconds = SqlRunner.DEFAULT_QUERY_TIMEOUT.toSeconds();

    /** ${key} values: the configuration, with service addresses and the warehouse resolved. */
    static Map<String, String> variables(ConfigOptions options) {
        io.tributary.core.config.TributaryConfig c = options.config();
        Map<String, String> vars = new java.util.HashMap<>(c.asMap());
        vars.put(io.tributary.core.config.TributaryConfig.KAFKA_BOOTSTRAP, c.kafkaBootstrap());
        vars.put(io.tributary.core.config.TributaryConfig.REDIS_URI, c.redisUri());
        vars.put(io.tributary.core.config.TributaryConfig.FLINK_REST_URL, c.flinkRestUrl());
        vars.put(io.tributary.core.config.TributaryConfig.SQL_GATEWAY_URL, c.sqlGatewayUrl());
        vars.put(io.tributary.core.config.TributaryConfig.WAREHOUSE,
                c.get(io.tributary.core.config.TributaryConfig.WAREHOUSE, options.stack().warehouse().toUri().toString()));
        return vars;
    }

    @Override
    public Integer call() throws IOException {
        CliArguments.existingFile("SQL file", file);
        CliArguments.positive("--max-rows", maxRows);
        if (output != null && !local) throw new TributaryCommand.UsageError("--output needs --local (the SQL Gateway's results are read page by page; run the query with --local)");
        if (queryTimeoutSeconds <= 0) throw new TributaryCommand.UsageError("--query-timeout must be a positive number of seconds, got " + queryTimeoutSeconds);
        String script = io.tributary.core.sql.Placeholders.substitute(Files.readString(file, StandardCharsets.UTF_8),
                variables(options));
        int n;
        try {
            if (local) {
                LocalSqlExecutor exec = new LocalSqlExecutor(batch, maxRows, output);
                n = SqlRunner.run(script, exec::execute, System.out);
            } else {
                try (SqlGatewayClient gw = new SqlGatewayClient(options.config().sqlGatewayUrl(), Map.of())) {
                    n = SqlRunner.run(script, st -> gw.execute(st.sql(), maxRows, Duration.ofSeconds(queryTimeoutSeconds)), System.out);
                }
            }
        } catch (SqlStatementException e) {
            throw new TributaryCommand.UserError(file + ": " + e.getMessage());
        }
        System.out.println(file + ": " + n + " statements OK");
        return 0;
    }
}
