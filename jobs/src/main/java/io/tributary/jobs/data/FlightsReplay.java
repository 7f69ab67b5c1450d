package io.tributary.jobs.data;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.kafka.KafkaTopics;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.function.LongConsumer;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays flights into Kafka as event envelopes, in event-time order, at a speed-up of event time (3600: an hour of
 * flights a second; 0: as fast as Kafka takes them), printing progress with rate and ETA. Each record is keyed
 * {@code <origin>-<destination>-<date_ms>-<row>} and stamped with its departure time; the payload holds origin,
 * destination, delay, distance and late ({@code delay > 15}), as the feature views and examples expect.
 */
public final class FlightsReplay {
    private final String kafka;
    private final String topic;
    private final double speedup;
    private final PrintStream progress;
    private Duration pacingStep;
    private LongConsumer pacer;
    private volatile long sentSoFar;
    private volatile long position = Long.MIN_VALUE;

    public FlightsReplay(String kafka, String topic, double speedup, PrintStream progress) {
        if (speedup < 0) throw new IllegalArgumentException("--speedup must be >= 0 (0: as fast as possible), got " + speedup);
        this.kafka = kafka;
        this.topic = topic;
        this.speedup = speedup;
        this.progress = progress;
    }

    /**
     * Replays in lockstep with a consumer: whenever event time enters a new {@code step}, the producer is flushed and
     * {@code awaitConsumed} is called with the number sent so far, to block until the consumer has caught up.
     */
    public FlightsReplay pacedBy(Duration step, LongConsumer awaitConsumed) {
        this.pacingStep = step;
        this.pacer = awaitConsumed;
        return this;
    }

    /** Flights sent so far (another thread may ask while {@link #replay} runs). */
    public long sent() { return sentSoFar; }

    /** Event time of the newest flight sent so far; Long.MIN_VALUE before the first. */
    public long position() { return position; }

    /** Sends {@code flights} (in event-time order; {@code total} for the ETA, 0 when unknown); returns how many were sent. */
    public long replay(Iterator<EventEnvelope> flights, long total) throws Exception {
        KafkaTopics.ensure(kafka, 1, topic);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // retries never duplicate or reorder a flight
        EventSerde serde = new EventSerde();
        long sent = 0;
        long start = System.nanoTime();
        long lastReport = start;
        long firstEventTime = Long.MIN_VALUE;
        Future<?> last = null;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            while (flights.hasNext()) {
                EventEnvelope e = flights.next();
                if (firstEventTime == Long.MIN_VALUE) firstEventTime = e.getEventTimeMillis();
                if (pacer != null && sent > 0 && e.getEventTimeMillis() / pacingStep.toMillis() != position / pacingStep.toMillis()) {
                    producer.flush();
                    pacer.accept(sent);
                }
                if (speedup > 0) { // the wall-clock moment this event is due
                    long due = start + (long) ((e.getEventTimeMillis() - firstEventTime) * 1_000_000L / speedup);
                    long wait = due - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
                last = producer.send(new ProducerRecord<>(topic, null, e.getEventTimeMillis(),
                        e.getKey().getBytes(StandardCharsets.UTF_8), serde.serialize(e)));
                sent++;
                sentSoFar = sent;
                position = e.getEventTimeMillis();
                long now = System.nanoTime();
                if (now - lastReport > 2_000_000_000L) {
                    lastReport = now;
                    report(sent, total, now - start, e.getEventTimeMillis());
                }
            }
            producer.flush();
            if (last != null) last.get(); // surfaces a send failure instead of reporting success
        }
        report(sent, total, System.nanoTime() - start, -1);
        return sent;
    }

    private void report(long sent, long total, long elapsedNanos, long eventTime) {
        double seconds = Math.max(1e-9, elapsedNanos / 1e9);
        double rate = sent / seconds;
        String of = total > 0 ? String.format(" / %,d (%d %%)", total, sent * 100 / total) : "";
        String eta = total > 0 && rate > 0 && sent < total ? String.format(", ETA %s", format(Duration.ofSeconds((long) ((total - sent) / rate)))) : "";
        String at = eventTime < 0 ? ", done in " + format(Duration.ofNanos(elapsedNanos)) : ", event time " + Instant.ofEpochMilli(eventTime);
        progress.printf("replay: %,d%s flights to %s, %,.0f/s%s%s%n", sent, of, topic, rate, at, eta);
    }

    /** A duration as people read it: "45 s", "3m07s", "1h02m". */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + " s";
    }

    /** The flights of [from, to) in the parquet file, in file (= event-time) order, read by an embedded Flink. */
    public static CloseableIterator<EventEnvelope> fromParquet(Path parquet, LocalDate from, LocalDate to) {
        CloseableIterator<Row> rows = tableEnv(parquet).executeSql(select(from, to, "`date`, delay, distance, origin, destination")).collect();
        return new CloseableIterator<>() {
            long row;

            @Override
            public boolean hasNext() { return rows.hasNext(); }

            @Override
            public EventEnvelope next() {
                Row r = rows.next();
                long ts = ((Number) r.getField(0)).longValue() / 1000; // the file's date is epoch microseconds
                int delay = ((Number) r.getField(1)).intValue();
                String origin = (String) r.getField(3), destination = (String) r.getField(4);
                return new EventEnvelope("flights", origin + "-" + destination + "-" + ts + "-" + row++, ts, Map.of("origin", origin,
                        "destination", destination, "delay", delay, "distance", ((Number) r.getField(2)).intValue(), "late", delay > 15));
            }

            @Override
            public void close() throws Exception { rows.close(); }
        };
    }

    /** How many flights [from, to) holds (for the ETA). */
    public static long count(Path parquet, LocalDate from, LocalDate to) throws Exception {
        try (CloseableIterator<Row> it = tableEnv(parquet).executeSql(select(from, to, "COUNT(*)")).collect()) {
            return ((Number) it.next().getField(0)).longValue();
        }
    }

    private static TableEnvironment tableEnv(Path parquet) {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "1"); // one reader: the file's order is event-time order
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
        tEnv.executeSql("CREATE TEMPORARY TABLE flights_file (`date` BIGINT, delay BIGINT, distance BIGINT, origin STRING, "
                + "destination STRING) WITH ('connector' = 'filesystem', 'path' = '" + parquet.toAbsolutePath().toString().replace("'", "''")
                + "', 'format' = 'parquet')");
        return tEnv;
    }

    private static String select(LocalDate from, LocalDate to, String columns) {
        long fromMicros = from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() * 1000;
        long toMicros = to.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() * 1000;
        return "SELECT " + columns + " FROM flights_file WHERE `date` >= " + fromMicros + " AND `date` < " + toMicros;
    }
}
