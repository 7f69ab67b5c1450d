package io.tributary.core.event;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The event times a stage accepts: not before {@code earliest} and at most {@code maxAhead} after the wall clock.
 * Every Tributary output is stamped with its event time, and Kafka refuses what it cannot store: a negative timestamp
 * (the producer throws) or one more than the broker's {@code log.message.timestamp.after.max.ms} ahead (one hour
 * by default since Kafka 4.0). An event outside the bounds is dead-lettered where it is read, never handed to a sink
 * that would fail the job on it.
 */
public record EventTimeBounds(long earliestMillis, long maxAheadMillis) implements Serializable {
    /** Ten minutes ahead: well inside the broker's default hour, with room for producers whose clocks run fast. */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofMinutes(10);

    /** From 1970-01-01 to ten minutes ahead of now. */
    public static final EventTimeBounds DEFAULT = new EventTimeBounds(0, DEFAULT_MAX_AHEAD.toMillis());

    public EventTimeBounds {
        if (earliestMillis < 0) throw new IllegalArgumentException("the earliest event time must not be before 1970-01-01 (Kafka refuses negative timestamps)");
        if (maxAheadMillis < 0) throw new IllegalArgumentException("the allowed time ahead must not be negative, got " + maxAheadMillis + " ms");
    }

    public static EventTimeBounds of(Instant earliest, Duration maxAhead) {
        return new EventTimeBounds(earliest.toEpochMilli(), maxAhead.toMillis());
    }

    /** Why {@code eventTimeMillis} is refused at wall-clock time {@code nowMillis}, or null when it is accepted. */
    public String violation(long eventTimeMillis, long nowMillis) {
        if (eventTimeMillis < earliestMillis) {
            return "event_time " + describe(eventTimeMillis) + " is before the earliest accepted " + Instant.ofEpochMilli(earliestMillis);
        }
        long latest = nowMillis + maxAheadMillis;
        if (latest >= nowMillis && eventTimeMillis > latest) {
            return "event_time " + describe(eventTimeMillis) + " is more than " + Duration.ofMillis(maxAheadMillis)
                    + " ahead of the clock (" + Instant.ofEpochMilli(nowMillis) + ")";
        }
        return null;
    }

    private static String describe(long millis) {
        try {
            return Instant.ofEpochMilli(millis).toString();
        } catch (RuntimeException e) {
            return millis + " ms";
        }
    }
}
