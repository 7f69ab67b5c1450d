package io.tributary.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Flink SQL script into statements at top-level semicolons, respecting quotes ('...', "...", `...`) and
 * comments (-- and block comments), and remembers where each statement starts for error messages.
 */
public final class SqlScript {
    private SqlScript() {}

    /** A statement without its terminating semicolon, and the 1-based line it starts on. */
    public record Statement(String sql, int line) {
        /** The first line of the statement, shortened, for messages. */
        public String summary() {
            String first = sql.strip().lines().findFirst().orElse("");
            return first.length() > 80 ? first.substring(0, 77) + "..." : first;
        }
    }

    public static List<Statement> split(String script) {
        List<Statement> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        boolean hasContent = false;
        int n = script.length();
        for (int i = 0; i < n; i++) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                if (end < 0) end = n;
                current.append(script, i, end);
                i = end - 1;
                continue;
            }
            if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) throw new IllegalArgumentException("unterminated /* comment starting on line " + line);
                String comment = script.substring(i, end + 2);
                current.append(comment);
                line += (int) comment.chars().filter(ch -> ch == '\n').count();
                i = end + 1;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                if (!hasContent) { hasContent = true; startLine = line; }
                int j = i + 1;
                while (true) {
                    if (j >= n) throw new IllegalArgumentException("unterminated " + c + " quote starting on line " + line);
                    char q = script.charAt(j);
                    if (q == c) {
                        if (j + 1 < n && script.charAt(j + 1) == c) { j += 2; continue; } // doubled quote escapes itself
                        break;
                    }
                    j++;
                }
                String quoted = script.substring(i, j + 1);
                current.append(quoted);
                line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                i = j;
                continue;
            }
            if (c == ';') {
                if (hasContent) out.add(new Statement(stripComments(current.toString()), startLine));
                current.setLength(0);
                hasContent = false;
                continue;
            }
            if (c == '\n') line++;
            if (!Character.isWhitespace(c) && !hasContent) { hasContent = true; startLine = line; }
            current.append(c);
        }
        if (hasContent && !stripComments(current.toString()).isBlank()) {
            out.add(new Statement(stripComments(current.toString()), startLine));
        }
        return mergeStatementSets(out);
    }

    private static final java.util.regex.Pattern SET_BEGIN =
            java.util.regex.Pattern.compile("(?is)^(EXECUTE\\s+STATEMENT\\s+SET\\s+)?BEGIN(\\s+STATEMENT\\s+SET)?\\b.*");

    /** {@code EXECUTE STATEMENT SET BEGIN ...; ...; END} is one statement although it holds semicolons. */
    private static List<Statement> mergeStatementSets(List<Statement> parts) {
        List<Statement> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Statement p = parts.get(i);
            if (!SET_BEGIN.matcher(p.sql()).matches()) {
                out.add(p);
                continue;
            }
            StringBuilder sb = new StringBuilder(p.sql());
            int j = i + 1;
            while (j < parts.size() && !parts.get(j).sql().equalsIgnoreCase("END")) sb.append(";\n").append(parts.get(j++).sql());
            if (j == parts.size()) throw new IllegalArgumentException("statement set starting on line " + p.line() + " has no END");
            sb.append(";\nEND");
            out.add(new Statement(sb.toString(), p.line()));
            i = j;
        }
        return out;
    }

    /** Leading comment lines are dropped; comments inside a statement are kept (the parser ignores them). */
    private static String stripComments(String s) {
        String[] lines = s.strip().split("\n", -1);
        int first = 0;
        while (first < lines.length && (lines[first].strip().startsWith("--") || lines[first].isBlank())) first++;
        return String.join("\n", java.util.Arrays.copyOfRange(lines, first, lines.length)).strip();
    }
}
