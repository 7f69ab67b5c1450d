package io.tributary.core.kafka;

import io.tributary.core.event.EventTimeBounds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SinkLimitsTest {
    @Test
    void refusesWhatTheBrokerWouldRefuse() {
        SinkLimits limits = new SinkLimits(100, EventTimeBounds.DEFAULT);
        long now = System.currentTimeMillis();
        assertThat(limits.violation(new byte[10], new byte[90], now)).isNull();
        assertThat(limits.violation(null, new byte[100], now)).isNull();
        assertThat(limits.violation(new byte[10], new byte[91], now)).isEqualTo("output record of 101 bytes exceeds the sink's limit of 100 bytes");
        assertThat(limits.violation(null, new byte[1], -1)).startsWith("output record timestamp refused: event_time");
        assertThat(limits.violation(null, new byte[1], now + 3_600_000)).contains("ahead of the clock");
        assertThat(SinkLimits.DEFAULT.maxRecordBytes()).isLessThan(1_048_576);
    }
}
