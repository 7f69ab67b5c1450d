package io.tributary.core.features;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimeFeaturesTest {
    @Test
    void hourAndWeekdayInUtcWithSqlsWeekdayNumbers() {
        long monday = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli(); // a Monday
        assertThat(EventTimeFeatures.hourOfDay(monday)).isZero();
        assertThat(EventTimeFeatures.dayOfWeek(monday)).isEqualTo(2);
        assertThat(EventTimeFeatures.dayOfWeek(Instant.parse("2001-01-06T23:59:00Z").toEpochMilli())).isEqualTo(7); // Saturday
        assertThat(EventTimeFeatures.dayOfWeek(Instant.parse("2001-01-07T00:00:00Z").toEpochMilli())).isEqualTo(1); // Sunday
        assertThat(EventTimeFeatures.hourOfDay(Instant.parse("2001-03-04T17:59:59.999Z").toEpochMilli())).isEqualTo(17);
        assertThat(EventTimeFeatures.hourOfDay(Instant.parse("1969-12-31T23:30:00Z").toEpochMilli())).isEqualTo(23); // before the epoch
    }
}
