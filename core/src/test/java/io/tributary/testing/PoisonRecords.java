package io.tributary.testing;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Malformed Kafka records for the fuzz tests of every boundary, mixed with good flight events. Each poison record
 * says which readers must refuse it: every reader of event envelopes ({@link Scope#ENVELOPE}), or only one that
 * checks the flights payload schema ({@link Scope#PAYLOAD}, {@link #FLIGHTS_SCHEMA}). Good records carry odd but
 * legal Kafka parts (null keys, keys and headers that are not UTF-8): they must be processed like any other.
 */
public final class PoisonRecords {
    /** The declared payload of flight events (what the SQL views' source columns hold). */
    public static final String FLIGHTS_SCHEMA =
            "origin STRING NOT NULL, destination STRING NOT NULL, delay INT NOT NULL, distance INT NOT NULL, late BOOLEAN NOT NULL";

    /** Who must refuse a record. */
    public enum Scope { ENVELOPE, PAYLOAD }

    /** One malformed record. */
    public record Poison(String kind, Scope scope, byte[] key, byte[] value, boolean badHeaders) {
        public ProducerRecord<byte[], byte[]> record(String topic) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, 0, key, value);
            if (badHeaders) r.headers().add(new RecordHeader("trace", new byte[]{(byte) 0xC3, 0x28, (byte) 0xFF}));
            return r;
        }
    }

    private static final byte[] NOT_UTF8 = {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1};

    private PoisonRecords() {}

    /** A good flight event: key {@code good-<i>}, origin ORD or ATL, in 2026-01-01 (event time {@code t0 + i} minutes). */
    public static ProducerRecord<byte[], byte[]> good(String topic, int i) {
        long t = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + i * 60_000L;
        String json = "{\"source\":\"flights\",\"key\":\"good-" + i + "\",\"event_time\":\"" + Instant.ofEpochMilli(t) + "\","
                + "\"payload\":{\"origin\":\"" + (i % 2 == 0 ? "ORD" : "ATL") + "\",\"destination\":\"LAX\",\"delay\":" + (i % 40 - 5)
                + ",\"distance\":" + (300 + i) + ",\"late\":" + (i % 40 - 5 > 15) + "}}";
        // odd Kafka parts that are still legal: no key, a key or header that is not text
        byte[] key = i % 3 == 0 ? null : i % 3 == 1 ? NOT_UTF8 : ("good-" + i).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, 0, t, key, json.getBytes(StandardCharsets.UTF_8));
        if (i % 4 == 0) r.headers().add(new RecordHeader("trace", NOT_UTF8));
        return r;
    }

    /** At least 20 kinds of malformed record, each once. */
    public static List<Poison> all() {
        List<Poison> p = new ArrayList<>();
        String goodPayload = "{\"origin\":\"ORD\",\"destination\":\"LAX\",\"delay\":3,\"distance\":700,\"late\":false}";
        p.add(env("not JSON", "hello, I am not an event"));
        byte[] random = new byte[200];
        new Random(7).nextBytes(random);
        p.add(new Poison("random bytes", Scope.ENVELOPE, "k".getBytes(StandardCharsets.UTF_8), random, false));
        p.add(env("truncated JSON", "{\"key\":\"t\",\"event_time\":1,\"payload\":{\"origin\":\"OR"));
        p.add(env("trailing garbage", envelope("\"tg\"", "\"2026-01-01T00:00:00Z\"", goodPayload) + "}}xx"));
        p.add(env("a JSON array", "[1,2,3]"));
        p.add(env("a JSON string", "\"just a string\""));
        p.add(new Poison("tombstone (null value)", Scope.ENVELOPE, "k".getBytes(StandardCharsets.UTF_8), null, false));
        p.add(new Poison("empty value", Scope.ENVELOPE, null, new byte[0], false));
        p.add(env("missing key", "{\"event_time\":\"2026-01-01T00:00:00Z\",\"payload\":" + goodPayload + "}"));
        p.add(env("key is a number", envelope("42", "\"2026-01-01T00:00:00Z\"", goodPayload)));
        p.add(env("empty key", envelope("\"\"", "\"2026-01-01T00:00:00Z\"", goodPayload)));
        p.add(env("missing event_time", "{\"key\":\"x\",\"payload\":" + goodPayload + "}"));
        p.add(env("event_time is a boolean", envelope("\"x\"", "true", goodPayload)));
        p.add(env("event_time not ISO-8601", envelope("\"x\"", "\"yesterday\"", goodPayload)));
        p.add(env("negative event_time", envelope("\"x\"", "-86400000", goodPayload)));
        p.add(env("event_time in 9999", envelope("\"x\"", "\"9999-12-31T00:00:00Z\"", goodPayload)));
        p.add(env("event_time in 2100", envelope("\"x\"", "4102444800000", goodPayload)));
        p.add(env("event_time beyond Instant", envelope("\"x\"", "\"+1000000000-01-01T00:00:00Z\"", goodPayload)));
        p.add(env("missing payload", "{\"key\":\"x\",\"event_time\":\"2026-01-01T00:00:00Z\"}"));
        p.add(env("payload is an array", envelope("\"x\"", "\"2026-01-01T00:00:00Z\"", "[1,2]")));
        p.add(env("source is a number", "{\"source\":7,\"key\":\"x\",\"event_time\":\"2026-01-01T00:00:00Z\",\"payload\":" + goodPayload + "}"));
        p.add(env("NaN token", envelope("\"x\"", "\"2026-01-01T00:00:00Z\"", goodPayload.replace("\"delay\":3", "\"delay\":NaN"))));
        p.add(env("Infinity token", envelope("\"x\"", "\"2026-01-01T00:00:00Z\"", goodPayload.replace("\"delay\":3", "\"delay\":Infinity"))));
        p.add(env("nested 5000 deep", envelope("\"x\"", "\"2026-01-01T00:00:00Z\"",
                goodPayload.replace("}", ",\"deep\":" + "[".repeat(5000) + "]".repeat(5000) + "}"))));
        p.add(env("huge record (2 MiB)", envelope("\"x\"", "\"2026-01-01T00:00:00Z\"",
                goodPayload.replace("}", ",\"blob\":\"" + "z".repeat(2 * 1024 * 1024) + "\"}"))));
        byte[] badUtf8 = envelope("\"x\"", "\"2026-01-01T00:00:00Z\"", goodPayload.replace("ORD", "O__D")).getBytes(StandardCharsets.UTF_8);
        int at = new String(badUtf8, StandardCharsets.UTF_8).indexOf("__");
        badUtf8[at] = (byte) 0xC3;
        badUtf8[at + 1] = 0x28;
        p.add(new Poison("invalid UTF-8 in a value", Scope.ENVELOPE, NOT_UTF8, badUtf8, true));
        p.add(env("NUL byte", "{\"key\":\"x\",\u0000\"event_time\":1,\"payload\":{}}"));
        // well-formed envelopes whose payload breaks the flights schema
        p.add(payload("delay is a string", goodPayload.replace("\"delay\":3", "\"delay\":\"abc\"")));
        p.add(payload("delay is null", goodPayload.replace("\"delay\":3", "\"delay\":null")));
        p.add(payload("origin missing", goodPayload.replace("\"origin\":\"ORD\",", "")));
        p.add(payload("extra field", goodPayload.replace("}", ",\"gate\":\"B7\"}")));
        p.add(payload("delay overflows INT", goodPayload.replace("\"delay\":3", "\"delay\":3000000000")));
        p.add(payload("distance is a float", goodPayload.replace("\"distance\":700", "\"distance\":700.5")));
        p.add(payload("late is an object", goodPayload.replace("\"late\":false", "\"late\":{\"v\":false}")));
        p.add(payload("1e400 overflows", goodPayload.replace("\"delay\":3", "\"delay\":1e400")));
        return p;
    }

    private static Poison env(String kind, String json) {
        return new Poison(kind, Scope.ENVELOPE, ("poison-" + kind).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), false);
    }

    private static Poison payload(String kind, String payloadJson) {
        return new Poison(kind, Scope.PAYLOAD, null,
                envelope("\"poison-" + kind + "\"", "\"2026-01-01T00:30:00Z\"", payloadJson).getBytes(StandardCharsets.UTF_8), false);
    }

    private static String envelope(String key, String eventTime, String payload) {
        return "{\"source\":\"flights\",\"key\":" + key + ",\"event_time\":" + eventTime + ",\"payload\":" + payload + "}";
    }
}
