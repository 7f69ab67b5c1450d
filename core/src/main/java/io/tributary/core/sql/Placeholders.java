package io.tributary.core.sql;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${key}} in SQL scripts with configuration values (e.g. {@code ${kafka.bootstrap.servers}}), so
 * one script runs against the local stack and any other deployment. An unknown key is an error naming it and its line.
 */
public final class Placeholders {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private Placeholders() {}

    public static String substitute(String text, Map<String, String> values) {
        Matcher m = VAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null || v.isEmpty()) {
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw new IllegalArgumentException("line " + line + ": ${" + m.group(1) + "} is not set; set it with -D "
                        + m.group(1) + "=VALUE or in the configuration file");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
