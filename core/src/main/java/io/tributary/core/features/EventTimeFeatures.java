package io.tributary.core.features;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Features computed from an event's own time. Training examples (the SQL functions {@code hour_of_day} and
 * {@code day_of_week}) and the scoring operator call these same methods, so training and serving cannot disagree.
 * Times are UTC (the flights' times are local times written as UTC).
 */
public final class EventTimeFeatures {
    private EventTimeFeatures() {}

    /** The hour of the day, 0-23. */
    public static int hourOfDay(long epochMillis) {
        return (int) Math.floorMod(Math.floorDiv(epochMillis, 3_600_000L), 24L);
    }

    /** The day of the week as SQL's DAYOFWEEK counts: 1 = Sunday ... 7 = Saturday. */
    public static int dayOfWeek(long epochMillis) {
        int iso = ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).getDayOfWeek().getValue(); // 1 = Monday
        return iso % 7 + 1;
    }
}
