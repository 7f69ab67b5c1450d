package io.tributary.features.sql;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements of Tributary's SQL scripts in an embedded TableEnvironment: {@code SET 'key' = 'value'} and
 * {@code RESET 'key'} configure the environment as the SQL client and gateway do; everything else goes to
 * {@link TableEnvironment#executeSql}.
 */
public final class EmbeddedSql {
    private static final Pattern SET = Pattern.compile("(?is)^SET\\s+'([^']+)'\\s*=\\s*'((?:[^']|'')*)'\\s*$");
    private static final Pattern RESET = Pattern.compile("(?is)^RESET\\s+'([^']+)'\\s*$");

    private EmbeddedSql() {}

    /** Executes one statement; empty for SET/RESET, which return no result. */
    public static Optional<TableResult> execute(TableEnvironment tEnv, String statement) {
        Matcher set = SET.matcher(statement.strip());
        if (set.matches()) {
            tEnv.getConfig().getConfiguration().setString(set.group(1), set.group(2).replace("''", "'"));
            return Optional.empty();
        }
        Matcher reset = RESET.matcher(statement.strip());
        if (reset.matches()) {
            tEnv.getConfig().getConfiguration().removeKey(reset.group(1));
            return Optional.empty();
        }
        return Optional.of(tEnv.executeSql(statement));
    }
}
