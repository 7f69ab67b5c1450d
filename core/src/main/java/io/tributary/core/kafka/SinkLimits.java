package io.tributary.core.kafka;

import io.tributary.core.event.EventTimeBounds;

import java.io.Serializable;

/**
 * What a Kafka sink will refuse, checked before the record reaches it: a Flink KafkaSink fails the job on a record
 * the producer or the broker refuses (a negative timestamp, one too far ahead, a record over the size limit), and the
 * restarted job fails again on the same record. Checked here, such a record is dead-lettered instead.
 *
 * @param maxRecordBytes key plus value, below the producer's {@code max.request.size} and the broker's
 *                       {@code message.max.bytes} (both about 1 MiB by default) minus the batch overhead
 */
public record SinkLimits(int maxRecordBytes, EventTimeBounds timeBounds) implements Serializable {
    /** Room for the record batch's headers within Kafka's 1 MiB default. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576 - 1024;

    public static final SinkLimits DEFAULT = new SinkLimits(DEFAULT_MAX_RECORD_BYTES, EventTimeBounds.DEFAULT);

    /** Why the broker would refuse the record, or null when it is fine. */
    public String violation(byte[] key, byte[] value, long timestamp) {
        long size = (key == null ? 0L : key.length) + (value == null ? 0L : value.length);
        if (size > maxRecordBytes) {
            return "output record of " + size + " bytes exceeds the sink's limit of " + maxRecordBytes + " bytes";
        }
        String time = timeBounds.violation(timestamp, System.currentTimeMillis());
        return time == null ? null : "output record timestamp refused: " + time;
    }
}
