package io.tributary.features.sql;

import io.tributary.core.features.EventTimeFeatures;
import org.apache.flink.table.functions.ScalarFunction;

import java.time.Instant;

/**
 * SQL functions over an event's time, backed by {@link EventTimeFeatures} (the scoring operator calls the same code):
 * {@code CREATE TEMPORARY FUNCTION hour_of_day AS 'io.tributary.features.sql.EventTimeFunctions$HourOfDay'}.
 */
public final class EventTimeFunctions {
    private EventTimeFunctions() {}

    /** {@code hour_of_day(ts)}: 0-23, UTC; NULL for NULL. */
    public static final class HourOfDay extends ScalarFunction {
        public Double eval(Instant ts) { return ts == null ? null : (double) EventTimeFeatures.hourOfDay(ts.toEpochMilli()); }
    }

    /** {@code day_of_week(ts)}: 1 = Sunday ... 7 = Saturday, UTC; NULL for NULL. */
    public static final class DayOfWeek extends ScalarFunction {
        public Double eval(Instant ts) { return ts == null ? null : (double) EventTimeFeatures.dayOfWeek(ts.toEpochMilli()); }
    }
}
