package io.tributary.jobs.sql;

import java.util.List;

/**
 * What one statement returned: column names and rows (as strings), the job id if it started one, and whether the
 * rows were cut at the row limit.
 */
public record StatementResult(List<String> columns, List<List<String>> rows, String jobId, boolean truncated, String note) {
    public StatementResult(List<String> columns, List<List<String>> rows, String jobId, boolean truncated) {
        this(columns, rows, jobId, truncated, null);
    }

    /** A statement whose result is a sentence (e.g. where its rows were written), and the job it ran, if any. */
    public static StatementResult note(String note, String jobId) {
        return new StatementResult(List.of(), List.of(), jobId, false, note);
    }

    /**
     * Rows whose first value is the change kind (+I, -U, +U, -D): an insert-only result drops it, a changelog keeps
     * it as an "op" column.
     */
    public static StatementResult withChangelog(List<String> columns, List<List<String>> rowsWithKind, String jobId,
                                                boolean truncated) {
        boolean changelog = rowsWithKind.stream().anyMatch(r -> !r.isEmpty() && !"+I".equals(r.get(0)));
        if (changelog) {
            List<String> cols = new java.util.ArrayList<>(columns);
            cols.add(0, "op");
            return new StatementResult(cols, rowsWithKind, jobId, truncated);
        }
        List<List<String>> rows = rowsWithKind.stream().map(r -> r.subList(1, r.size())).toList();
        return new StatementResult(columns, rows, jobId, truncated);
    }

    /** Prints the rows as a plain table. */
    public String format() {
        if (note != null) return jobId == null ? note : note + "\nJob ID: " + jobId;
        if (columns.isEmpty()) return jobId == null ? "OK" : "Job ID: " + jobId;
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) width[i] = columns.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < r.size() && i < width.length; i++) width[i] = Math.max(width[i], r.get(i).length());
        StringBuilder sb = new StringBuilder();
        appendRow(sb, columns, width);
        StringBuilder rule = new StringBuilder();
        for (int w : width) rule.append('+').append("-".repeat(w + 2));
        sb.append(rule).append("+\n");
        for (List<String> r : rows) appendRow(sb, r, width);
        sb.append(rows.size()).append(rows.size() == 1 ? " row" : " rows").append(truncated ? " (more not shown)" : "");
        if (jobId != null) sb.append("\nJob ID: ").append(jobId);
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> r, int[] width) {
        for (int i = 0; i < width.length; i++) {
            String v = i < r.size() ? r.get(i) : "";
            sb.append("| ").append(v).append(" ".repeat(width[i] - v.length() + 1));
        }
        sb.append("|\n");
    }
}
