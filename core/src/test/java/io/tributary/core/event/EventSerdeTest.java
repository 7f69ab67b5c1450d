package io.tributary.core.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSerdeTest {
    private final EventSerde serde = new EventSerde(1024);

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void parsesIsoAndEpochEventTimes() throws Exception {
        EventEnvelope iso = serde.parse(utf8("{\"key\":\"ORD\",\"event_time\":\"2001-01-01T06:05:00Z\",\"payload\":{\"delay\":12}}"), "events.flights");
        assertThat(iso.getKey()).isEqualTo("ORD");
        assertThat(iso.getEventTimeMillis()).isEqualTo(978329100000L);
        assertThat(iso.getSource()).isEqualTo("events.flights");
        assertThat(iso.getPayload()).containsEntry("delay", 12);

        EventEnvelope epoch = serde.parse(utf8("{\"source\":\"flights\",\"key\":\"ORD\",\"event_time\":978329100000,\"payload\":{}}"), "t");
        assertThat(epoch.getEventTimeMillis()).isEqualTo(978329100000L);
        assertThat(epoch.getSource()).isEqualTo("flights");
    }

    @Test
    void roundTrips() throws Exception {
        EventEnvelope e = new EventEnvelope("flights", "SFO", 978329100000L, Map.of("delay", 3, "origin", "SFO", "late", false));
        assertThat(serde.parse(serde.serialize(e), "x")).isEqualTo(e);
    }

    @Test
    void truncatedJson() {
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"ORD\",\"event_time\":\"2001-01-01T06:05:00Z\",\"payl"), "t"))
                .isInstanceOf(EventParseException.class).hasMessageStartingWith("truncated JSON");
    }

    @Test
    void invalidJsonAndTrailingGarbage() {
        assertThatThrownBy(() -> serde.parse(utf8("{key: ORD}"), "t"))
                .isInstanceOf(EventParseException.class).hasMessageStartingWith("invalid JSON").hasMessageContaining("line 1");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"a\",\"event_time\":1,\"payload\":{}} trailing"), "t"))
                .isInstanceOf(EventParseException.class).hasMessageStartingWith("invalid JSON");
    }

    @Test
    void wrongTypes() {
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":42,\"event_time\":1,\"payload\":{}}"), "t"))
                .hasMessage("field 'key' must be a string, got a number");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"a\",\"event_time\":true,\"payload\":{}}"), "t"))
                .hasMessage("field 'event_time' must be an ISO-8601 instant or epoch milliseconds, got a boolean");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"a\",\"event_time\":\"yesterday\",\"payload\":{}}"), "t"))
                .hasMessage("field 'event_time' is not an ISO-8601 instant: 'yesterday'");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"a\",\"event_time\":1,\"payload\":[1,2]}"), "t"))
                .hasMessage("field 'payload' must be a JSON object, got an array");
        assertThatThrownBy(() -> serde.parse(utf8("[1,2,3]"), "t"))
                .hasMessage("an event must be a JSON object, got an array");
    }

    @Test
    void missingKeyAndFields() {
        assertThatThrownBy(() -> serde.parse(utf8("{\"event_time\":1,\"payload\":{}}"), "t"))
                .hasMessage("missing required field 'key'");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"\",\"event_time\":1,\"payload\":{}}"), "t"))
                .hasMessage("field 'key' must not be empty");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"a\",\"payload\":{}}"), "t"))
                .hasMessage("missing required field 'event_time'");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"a\",\"event_time\":1}"), "t"))
                .hasMessage("missing required field 'payload'");
    }

    @Test
    void oversizedRecord() {
        byte[] big = new byte[2000];
        Arrays.fill(big, (byte) ' ');
        assertThatThrownBy(() -> serde.parse(big, "t"))
                .hasMessage("record of 2000 bytes exceeds the limit of 1024 bytes");
    }

    @Test
    void binaryGarbageAndEmptyRecords() {
        byte[] garbage = new byte[300];
        new Random(7).nextBytes(garbage);
        assertThatThrownBy(() -> serde.parse(garbage, "t")).isInstanceOf(EventParseException.class)
                .hasMessageStartingWith("binary data");
        assertThatThrownBy(() -> serde.parse(new byte[] {'{', 0, '}'}, "t")).hasMessageStartingWith("binary data");
        assertThatThrownBy(() -> serde.parse(null, "t")).hasMessageStartingWith("empty record");
        assertThatThrownBy(() -> serde.parse(new byte[0], "t")).hasMessageStartingWith("empty record");
    }

    @Test
    void deadLetterKeepsAPrefixOfLargeValuesWithSizeAndHash() throws Exception {
        byte[] value = new byte[1000];
        Arrays.fill(value, (byte) 'x');
        DeadLetter d = DeadLetter.of("events.a", 1, 42, 5, "ingest", "too big", null, value, 100, 9);
        assertThat(d.getValue()).hasSize(100);
        assertThat(d.isValueTruncated()).isTrue();
        assertThat(d.getValueSize()).isEqualTo(1000);
        assertThat(d.getValueSha256()).isEqualTo(Sha256.hex(value));

        DeadLetter back = DeadLetterJson.fromJson(DeadLetterJson.toJson(d));
        assertThat(back.getSourceTopic()).isEqualTo("events.a");
        assertThat(back.getOffset()).isEqualTo(42);
        assertThat(back.getValue()).isEqualTo(d.getValue());
        assertThat(back.getError()).isEqualTo("too big");
    }
}
