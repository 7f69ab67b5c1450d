package io.tributary.jobs.demo.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Escaping and the report's number and time formats: UTC, English month names, "–" for what is not a number. */
final class Html {
    static final String MISSING = "–";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM dd", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Html() {}

    /** Safe in text and in quoted attribute values, of HTML and of inline SVG alike. */
    static String escape(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** "Jan 08": a tick on an event-time axis. */
    static String day(long epochMillis) { return DAY.format(Instant.ofEpochMilli(epochMillis)); }

    /** "06:00": a tick between midnights. */
    static String hour(long epochMillis) { return HOUR.format(Instant.ofEpochMilli(epochMillis)); }

    /** "2001-01-08 06:00 UTC". */
    static String minute(long epochMillis) { return MINUTE.format(Instant.ofEpochMilli(epochMillis)); }

    static String number(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : MISSING;
    }

    /** The shortest exact decimal: 0.2, 0.01, 25. */
    static String compact(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : MISSING;
    }

    /** Four decimals, or scientific when that would print 0.0000. */
    static String pValue(double p) {
        if (!Double.isFinite(p)) return MISSING;
        return p != 0 && p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    /** Grouped thousands: "920,000". */
    static String count(long n) { return String.format(Locale.ROOT, "%,d", n); }

    /** "8.2 s", "12 min 04 s", "1 h 02 min". */
    static String duration(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (d.toMinutes() == 0) return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        if (d.toHours() == 0) return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
        return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
    }

    /** Null lists read as empty, so a partly filled result still renders. */
    static <T> List<T> orEmpty(List<T> list) { return list == null ? List.of() : list; }

    /**
     * A table of escaped cells, without a header row if {@code header} is empty; {@code align} has one letter per
     * column, 'r' for right-aligned numbers.
     */
    static String table(String cssClass, List<String> header, List<List<String>> rows, String align) {
        StringBuilder s = new StringBuilder("<table class=\"").append(escape(cssClass)).append("\">\n");
        if (!header.isEmpty()) {
            s.append("<thead><tr>");
            for (int c = 0; c < header.size(); c++) s.append(cell("th", header.get(c), align, c));
            s.append("</tr></thead>\n");
        }
        s.append("<tbody>\n");
        for (List<String> row : rows) {
            s.append("<tr>");
            for (int c = 0; c < row.size(); c++) s.append(cell("td", row.get(c), align, c));
            s.append("</tr>\n");
        }
        return s.append("</tbody>\n</table>\n").toString();
    }

    private static String cell(String tag, String text, String align, int column) {
        boolean numeric = column < align.length() && align.charAt(column) == 'r';
        return "<" + tag + (numeric ? " class=\"num\"" : "") + ">" + escape(text) + "</" + tag + ">";
    }
}
