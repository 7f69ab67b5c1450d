package io.tributary.core.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Event-time bounds and the declared payload schema, alone and inside {@link EventSerde}. */
class EventContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = Instant.parse("2026-12-06T12:00:00Z").toEpochMilli();
    private static final PayloadSchema FLIGHTS = PayloadSchema.parse(
            "origin STRING NOT NULL, destination STRING, delay INT NOT NULL, distance BIGINT, ratio DOUBLE, late BOOLEAN");

    @Test
    void timeBoundsRefuseWhatKafkaWouldAndWhatTheUserExcludes() {
        EventTimeBounds dflt = EventTimeBounds.DEFAULT;
        assertThat(dflt.violation(0, NOW)).isNull();
        assertThat(dflt.violation(NOW + Duration.ofMinutes(10).toMillis(), NOW)).isNull();
        assertThat(dflt.violation(-1, NOW)).contains("before the earliest accepted 1970-01-01T00:00:00Z");
        assertThat(dflt.violation(NOW + Duration.ofMinutes(11).toMillis(), NOW)).contains("more than PT10M ahead of the clock");
        assertThat(dflt.violation(Long.MAX_VALUE, NOW)).contains("ahead of the clock");
        EventTimeBounds since2001 = EventTimeBounds.of(Instant.parse("2001-01-01T00:00:00Z"), Duration.ZERO);
        assertThat(since2001.violation(Instant.parse("2000-12-31T23:59:59Z").toEpochMilli(), NOW)).contains("before the earliest accepted 2001-01-01");
        assertThatThrownBy(() -> new EventTimeBounds(-5, 0)).hasMessageContaining("negative timestamps");
    }

    @Test
    void payloadSchemaChecksTypesNullsAndUndeclaredFields() throws Exception {
        assertThat(FLIGHTS.violation(JSON.readTree("{\"origin\":\"ORD\",\"delay\":3,\"distance\":9000000000,\"ratio\":1,\"late\":true}"))).isNull();
        assertThat(FLIGHTS.violation(JSON.readTree("{\"origin\":\"ORD\",\"delay\":3,\"destination\":null}"))).isNull();
        assertThat(FLIGHTS.violation(JSON.readTree("{\"origin\":\"ORD\",\"delay\":\"abc\"}")))
                .isEqualTo("payload field 'delay' must be an integer within 32 bits, got the string \"abc\"");
        assertThat(FLIGHTS.violation(JSON.readTree("{\"origin\":\"ORD\",\"delay\":3000000000}"))).contains("'delay' must be an integer within 32 bits");
        assertThat(FLIGHTS.violation(JSON.readTree("{\"origin\":\"ORD\",\"delay\":1.5}"))).contains("'delay' must be an integer");
        assertThat(FLIGHTS.violation(JSON.readTree("{\"delay\":3}"))).isEqualTo("payload field 'origin' is missing but declared STRING NOT NULL");
        assertThat(FLIGHTS.violation(JSON.readTree("{\"origin\":null,\"delay\":3}"))).isEqualTo("payload field 'origin' is null but declared STRING NOT NULL");
        assertThat(FLIGHTS.violation(JSON.readTree("{\"origin\":\"ORD\",\"delay\":3,\"gate\":\"B7\"}")))
                .isEqualTo("payload field 'gate' is not in the source's schema");
        assertThat(FLIGHTS.violation(JSON.readTree("{\"origin\":\"ORD\",\"delay\":3,\"ratio\":1e400}"))).contains("'ratio' must be a finite number");
        assertThat(FLIGHTS.violation(JSON.readTree("{\"origin\":\"ORD\",\"delay\":3,\"late\":\"yes\"}"))).contains("'late' must be a boolean");
    }

    @Test
    void payloadSchemaTextRoundTripsAndNamesItsMistakes() {
        assertThat(PayloadSchema.parse(FLIGHTS.toString())).isEqualTo(FLIGHTS);
        assertThat(PayloadSchema.parse("`delay` integer not null").fields()).containsExactly(new PayloadSchema.Field("delay", PayloadSchema.Type.INT, false));
        assertThatThrownBy(() -> PayloadSchema.parse("delay NUMBER")).hasMessageContaining("unknown type 'NUMBER'");
        assertThatThrownBy(() -> PayloadSchema.parse("delay INT, delay INT")).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> PayloadSchema.parse("delay")).hasMessageContaining("is not 'name TYPE [NOT NULL]'");
        assertThatThrownBy(() -> PayloadSchema.parse("delay INT NULLABLE")).hasMessageContaining("is not 'name TYPE [NOT NULL]'");
        assertThatThrownBy(() -> PayloadSchema.parse(" ")).hasMessageContaining("at least one field");
    }

    @Test
    void theSerdeAppliesBoth() throws Exception {
        EventSerde serde = new EventSerde(4096, EventTimeBounds.DEFAULT, FLIGHTS);
        assertThat(serde.parse(utf8("{\"key\":\"k\",\"event_time\":\"2001-01-01T00:00:00Z\",\"payload\":{\"origin\":\"ORD\",\"delay\":1}}"), "t").getKey())
                .isEqualTo("k");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"k\",\"event_time\":-1,\"payload\":{\"origin\":\"ORD\",\"delay\":1}}"), "t"))
                .isInstanceOf(EventParseException.class).hasMessageContaining("before the earliest accepted");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"k\",\"event_time\":\"9999-01-01T00:00:00Z\",\"payload\":{\"origin\":\"ORD\",\"delay\":1}}"), "t"))
                .isInstanceOf(EventParseException.class).hasMessageContaining("ahead of the clock");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"k\",\"event_time\":\"+1000000000-01-01T00:00:00Z\",\"payload\":{}}"), "t"))
                .isInstanceOf(EventParseException.class).hasMessageStartingWith("field 'event_time' is out of range");
        assertThatThrownBy(() -> serde.parse(utf8("{\"key\":\"k\",\"event_time\":1,\"payload\":{\"origin\":\"ORD\",\"delay\":\"abc\"}}"), "t"))
                .isInstanceOf(EventParseException.class).hasMessageStartingWith("payload field 'delay' must be");
        // without a schema any payload object passes, as before
        assertThat(new EventSerde().parse(utf8("{\"key\":\"k\",\"event_time\":1,\"payload\":{\"delay\":\"abc\"}}"), "t").getPayload())
                .containsEntry("delay", "abc");
    }

    @Test
    void predictionsAreCheckedAgainstTheirContract() throws Exception {
        String ok = "{\"key\":\"p\",\"event_time\":1,\"model\":\"m\",\"version\":1,\"variant\":\"champion\",\"decision\":true,\"score\":0.5,\"inputs\":{\"a\":null,\"b\":2}}";
        assertThat(PredictionJson.parse(utf8(ok)).get("score").asDouble()).isEqualTo(0.5);
        assertThatThrownBy(() -> PredictionJson.parse(utf8(ok.replace("0.5", "\"NaN\"")))).hasMessageContaining("'score' must be a number in [0, 1]");
        assertThatThrownBy(() -> PredictionJson.parse(utf8(ok.replace("0.5", "1.01")))).hasMessageContaining("'score' must be a number in [0, 1]");
        assertThatThrownBy(() -> PredictionJson.parse(utf8(ok.replace("\"event_time\":1", "\"event_time\":-1")))).hasMessageContaining("'event_time'");
        assertThatThrownBy(() -> PredictionJson.parse(utf8(ok.replace("\"b\":2", "\"b\":\"2\"")))).hasMessageContaining("input 'b' must be a number or null");
        assertThatThrownBy(() -> PredictionJson.parse(utf8(ok.replace("true", "1")))).hasMessageContaining("'decision' must be a boolean");
        assertThatThrownBy(() -> PredictionJson.parse(null)).hasMessageContaining("tombstone");
        assertThatThrownBy(() -> PredictionJson.parse(utf8("{\"key\""))).hasMessageStartingWith("invalid JSON");
    }

    /** A model without a score (regression, multi-class) writes its outputs by name and no score. */
    @Test
    void predictionsWithoutAScoreCarryTheirOutputs() throws Exception {
        String head = "{\"key\":\"p\",\"event_time\":1,\"model\":\"m\",\"version\":1,\"variant\":\"champion\",\"decision\":true";
        String regression = head + ",\"outputs\":{\"variable\":42.5}}";
        assertThat(PredictionJson.hasScore(PredictionJson.parse(utf8(regression)))).isFalse();
        String multiclass = head + ",\"score\":null,\"outputs\":{\"label\":2,\"probabilities\":[0.1,0.2,0.7,null]}}";
        assertThat(PredictionJson.parse(utf8(multiclass)).get("outputs").get("probabilities")).hasSize(4);
        String binary = head + ",\"score\":0.7,\"outputs\":{\"probabilities\":[0.3,0.7]}}";
        assertThat(PredictionJson.hasScore(PredictionJson.parse(utf8(binary)))).isTrue();
        assertThatThrownBy(() -> PredictionJson.parse(utf8(head + "}")))
                .hasMessage("field 'score' must be a number in [0, 1], got nothing (a prediction without a score must carry its 'outputs')");
        assertThatThrownBy(() -> PredictionJson.parse(utf8(head + ",\"outputs\":{}}"))).hasMessageContaining("must carry its 'outputs'");
        assertThatThrownBy(() -> PredictionJson.parse(utf8(head + ",\"outputs\":{\"label\":\"late\"}}")))
                .hasMessage("output 'label' must be a number, null or an array of numbers");
        assertThatThrownBy(() -> PredictionJson.parse(utf8(head + ",\"outputs\":[1]}"))).hasMessage("field 'outputs' must be an object");
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
