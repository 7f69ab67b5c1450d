package io.tributary.features.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A point-in-time correct training set as one Flink SQL query (batch or streaming-bounded) over the offline store:
 * each label row gets, from each joined feature table, the latest row of its entity whose event time
 * ({@code window_end}) is at or before the label's time; among rows of the same event time the one created later
 * (higher {@code event_count}) wins. A row older than the join's TTL gives nulls and the status OUTSIDE_MAX_AGE, no
 * row gives nulls and NOT_FOUND, exactly as online reads report them. Never a row from the future.
 *
 * <pre>{@code
 * String sql = TrainingSetQuery.builder("labels", "flight_id", "label_ts")
 *     .join(FeatureJoin.of("tributary.features.origin_1h").on("origin", "origin").ttl(Duration.ofHours(2))
 *         .features("mean_delay", "late_rate").prefix("origin"))
 *     .join(FeatureJoin.of("tributary.features.origin_1h").on("destination", "origin").ttl(Duration.ofHours(2))
 *         .features("mean_delay").prefix("dest"))
 *     .build().sql();
 * }</pre>
 *
 * Output: every label column, then per join {@code <prefix>__status}, with {@link FeatureJoin#withWindowEnd()} the
 * time of the row found ({@code <prefix>__window_end}), and its features (named {@code <prefix>__<f>} with a prefix,
 * else {@code <f>}). Two joins giving the same output name are an error that says to add prefixes.
 */
public final class TrainingSetQuery {
    private final String sql;
    private final String streamingSql;
    private final List<String> outputColumns;

    private TrainingSetQuery(String sql, String streamingSql, List<String> outputColumns) {
        this.sql = sql;
        this.streamingSql = streamingSql;
        this.outputColumns = outputColumns;
    }

    public static Builder builder(String labelTable, String idColumn, String labelTimeColumn) {
        return new Builder(labelTable, idColumn, labelTimeColumn);
    }

    /** The query over the offline store (any mode; the offline tables are plain tables). */
    public String sql() { return sql; }

    /**
     * The same training set in streaming mode, for continuous training: event-time temporal joins
     * ({@code FOR SYSTEM_TIME AS OF}) of the label stream with versioned feature tables, e.g. the changelog topics
     * {@code features.<view>} read with {@code 'connector' = 'upsert-kafka'} (PRIMARY KEY = the entity keys,
     * {@code WATERMARK FOR window_end AS window_end - INTERVAL '0.001' SECOND}: the watermark must trail, or a label
     * at exactly a window end could be joined before its entity's row of that window arrived). The label table needs a watermark on its time column. Same rules and output
     * as {@link #sql()}; a view without entity keys cannot be a versioned table.
     */
    public String streamingSql() {
        if (streamingSql == null) throw new IllegalStateException("a view without entity keys cannot be joined in streaming mode");
        return streamingSql;
    }

    /** The feature and status columns added to the label columns, in order. */
    public List<String> outputColumns() { return outputColumns; }

    /** One feature table joined to the labels. */
    public static final class FeatureJoin {
        private final String table;
        private final LinkedHashMap<String, String> keys = new LinkedHashMap<>();
        private Duration ttl = Duration.ZERO;
        private final List<String> features = new ArrayList<>();
        private String prefix;
        private String timeColumn = "window_end";
        private String createdColumn = "event_count";
        private boolean windowEnd;

        private FeatureJoin(String table) { this.table = Objects.requireNonNull(table); }

        /** The feature table (e.g. {@code tributary.features.origin_1h}). */
        public static FeatureJoin of(String table) { return new FeatureJoin(table); }

        /** Joins label column {@code labelColumn} to the feature table's entity key {@code featureKey}. */
        public FeatureJoin on(String labelColumn, String featureKey) { keys.put(labelColumn, featureKey); return this; }

        /** Max age of a feature value relative to the label's time; zero means unbounded. */
        public FeatureJoin ttl(Duration d) { ttl = d; return this; }

        public FeatureJoin features(String... names) { features.addAll(List.of(names)); return this; }

        /** Qualifies this join's output columns as {@code <prefix>__<feature>}. */
        public FeatureJoin prefix(String p) { prefix = p; return this; }

        public FeatureJoin timeColumn(String c) { timeColumn = c; return this; }

        public FeatureJoin createdColumn(String c) { createdColumn = c; return this; }

        /**
         * Adds {@code <prefix>__window_end}: the time column of the feature row the join found, also when it was too
         * old ({@code OUTSIDE_MAX_AGE}, values null), null when none was ({@code NOT_FOUND}). For checking a training
         * set row by row: which window served the label, and how stale it was.
         */
        public FeatureJoin withWindowEnd() { windowEnd = true; return this; }
    }

    /** Builder of {@link TrainingSetQuery}. */
    public static final class Builder {
        private final String labelTable;
        private final String idColumn;
        private final String labelTime;
        private final List<FeatureJoin> joins = new ArrayList<>();

        private Builder(String labelTable, String idColumn, String labelTime) {
            this.labelTable = labelTable;
            this.idColumn = idColumn;
            this.labelTime = labelTime;
        }

        public Builder join(FeatureJoin j) { joins.add(j); return this; }

        public TrainingSetQuery build() {
            if (joins.isEmpty()) throw new IllegalArgumentException("a training set needs at least one feature join");
            Map<String, String> origin = new HashMap<>();
            List<String> outputs = new ArrayList<>();
            StringBuilder with = new StringBuilder("WITH ");
            StringBuilder select = new StringBuilder("SELECT l.*");
            StringBuilder from = new StringBuilder("\nFROM ").append(labelTable).append(" AS l");
            StringBuilder sSelect = new StringBuilder("SELECT l.*");
            StringBuilder sFrom = new StringBuilder("\nFROM ").append(labelTable).append(" AS l");
            boolean streamable = true;
            for (int i = 0; i < joins.size(); i++) {
                FeatureJoin j = joins.get(i);
                if (j.features.isEmpty()) throw new IllegalArgumentException("join of " + j.table + " lists no features");
                String status = (j.prefix == null ? "j" + i : j.prefix) + "__status";
                claim(origin, status, j, outputs);
                String a = "j" + i;
                if (i > 0) with.append(",\n");
                with.append(a).append(" AS (SELECT * FROM (SELECT l.").append(q(idColumn)).append(" AS label_id, f.")
                        .append(q(j.timeColumn)).append(" AS feature_time");
                for (String f : j.features) with.append(", f.").append(q(f));
                with.append(", ROW_NUMBER() OVER (PARTITION BY l.").append(q(idColumn)).append(" ORDER BY f.")
                        .append(q(j.timeColumn)).append(" DESC, f.").append(q(j.createdColumn)).append(" DESC) AS rn FROM ")
                        .append(labelTable).append(" AS l JOIN ").append(j.table).append(" AS f ON f.")
                        .append(q(j.timeColumn)).append(" <= l.").append(q(labelTime));
                for (Map.Entry<String, String> k : j.keys.entrySet()) {
                    with.append(" AND l.").append(q(k.getKey())).append(" = f.").append(q(k.getValue()));
                }
                with.append(") WHERE rn = 1)");
                String fresh = j.ttl.isZero() ? a + ".feature_time IS NOT NULL"
                        : a + ".feature_time >= l." + q(labelTime) + minus(j.ttl);
                select.append(",\n  CASE WHEN ").append(a).append(".feature_time IS NULL THEN 'NOT_FOUND' WHEN ")
                        .append(fresh).append(" THEN 'PRESENT' ELSE 'OUTSIDE_MAX_AGE' END AS ").append(q(status));
                String windowEndColumn = (j.prefix == null ? "j" + i : j.prefix) + "__window_end";
                if (j.windowEnd) {
                    claim(origin, windowEndColumn, j, outputs);
                    select.append(",\n  ").append(a).append(".feature_time AS ").append(q(windowEndColumn));
                }
                for (String f : j.features) {
                    String out = j.prefix == null ? f : j.prefix + "__" + f;
                    claim(origin, out, j, outputs);
                    select.append(",\n  CASE WHEN ").append(fresh).append(" THEN ").append(a).append('.').append(q(f))
                            .append(" END AS ").append(q(out));
                }
                from.append("\nLEFT JOIN ").append(a).append(" ON ").append(a).append(".label_id = l.").append(q(idColumn));

                // streaming: the version of the entity's row as of the label's time
                String t = a + "." + q(j.timeColumn);
                String sFresh = j.ttl.isZero() ? t + " IS NOT NULL" : t + " >= l." + q(labelTime) + minus(j.ttl);
                sSelect.append(",\n  CASE WHEN ").append(t).append(" IS NULL THEN 'NOT_FOUND' WHEN ").append(sFresh)
                        .append(" THEN 'PRESENT' ELSE 'OUTSIDE_MAX_AGE' END AS ").append(q(status));
                if (j.windowEnd) sSelect.append(",\n  ").append(t).append(" AS ").append(q(windowEndColumn));
                for (String f : j.features) {
                    String out = j.prefix == null ? f : j.prefix + "__" + f;
                    sSelect.append(",\n  CASE WHEN ").append(sFresh).append(" THEN ").append(a).append('.').append(q(f))
                            .append(" END AS ").append(q(out));
                }
                if (j.keys.isEmpty()) streamable = false;
                sFrom.append("\nLEFT JOIN ").append(j.table).append(" FOR SYSTEM_TIME AS OF l.").append(q(labelTime))
                        .append(" AS ").append(a).append(" ON ");
                boolean first = true;
                for (Map.Entry<String, String> k : j.keys.entrySet()) {
                    if (!first) sFrom.append(" AND ");
                    sFrom.append("l.").append(q(k.getKey())).append(" = ").append(a).append('.').append(q(k.getValue()));
                    first = false;
                }
            }
            return new TrainingSetQuery(with + "\n" + select + from, streamable ? sSelect.toString() + sFrom : null, outputs);
        }

        private static void claim(Map<String, String> origin, String name, FeatureJoin j, List<String> outputs) {
            String previous = origin.putIfAbsent(name, j.table);
            if (previous != null) {
                throw new IllegalArgumentException("column '" + name + "' would come from both " + previous + " and " + j.table
                        + ": qualify the joins' names with prefix(...)");
            }
            outputs.add(name);
        }

        private static String q(String identifier) { return "`" + identifier.replace("`", "``") + "`"; }

        /**
         * {@code - INTERVAL ...} terms subtracting {@code d} to the millisecond; Flink's day-time literals take at most
         * 99 days, so longer durations are several terms.
         */
        static String minus(Duration d) {
            StringBuilder sb = new StringBuilder();
            long ms = d.toMillis();
            while (ms > 0) {
                long chunk = Math.min(ms, 99L * 86_400_000L);
                long days = chunk / 86_400_000L;
                long rest = chunk % 86_400_000L;
                sb.append(String.format(" - INTERVAL '%d %02d:%02d:%02d.%03d' DAY TO SECOND(3)", days, rest / 3_600_000L,
                        rest / 60_000L % 60, rest / 1000 % 60, rest % 1000));
                ms -= chunk;
            }
            return sb.toString();
        }
    }
}
