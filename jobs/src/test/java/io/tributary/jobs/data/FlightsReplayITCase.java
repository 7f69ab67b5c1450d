package io.tributary.jobs.data;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.testing.FlightsSlice;
import io.tributary.testing.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replay on a real broker: every flight once, in event-time order, keyed and stamped as the feature views expect. */
class FlightsReplayITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void replaysEveryFlightInEventTimeOrderWithProgress() throws Exception {
        List<EventEnvelope> flights = FlightsSlice.events();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        // 30 hours of flights at 108,000x event time: about a second
        long sent = new FlightsReplay(KAFKA.bootstrapServers(), "events.replay", 108_000, new PrintStream(progress, true, StandardCharsets.UTF_8))
                .replay(flights.iterator(), flights.size());
        assertThat(sent).isEqualTo(flights.size());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("15,106 / 15,106 (100 %) flights to events.replay").contains("done in");

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.consume("events.replay", flights.size(), Duration.ofSeconds(30));
        assertThat(records).hasSize(flights.size());
        EventSerde serde = new EventSerde();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            EventEnvelope e = serde.parse(r.value(), "events.replay");
            assertThat(e).isEqualTo(flights.get(i));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.getKey());
            assertThat(r.timestamp()).isEqualTo(e.getEventTimeMillis()).isGreaterThanOrEqualTo(previous);
            previous = r.timestamp();
        }
    }

    @Test
    void aNegativeSpeedupIsRefused() {
        assertThatThrownBy(() -> new FlightsReplay(KAFKA.bootstrapServers(), "x", -1, System.out))
                .hasMessageContaining("--speedup must be >= 0");
    }
}
