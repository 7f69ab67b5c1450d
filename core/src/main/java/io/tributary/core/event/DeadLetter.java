package io.tributary.core.event;

import java.util.Objects;

/**
 * A record that could not be processed, with everything needed to find, understand and replay it. Written as JSON
 * to the dead-letter topic ({@link io.tributary.core.topic.TopicNames#DEAD_LETTERS}):
 *
 * <pre>{"source_topic": "events.flights", "partition": 0, "offset": 42, "timestamp": 1700000000000,
 *  "stage": "ingest", "error": "missing required field 'key'", "key_base64": null, "value_base64": "eyJ...",
 *  "value_size": 57, "value_truncated": false, "value_sha256": "9f86...", "detected_at": 1700000000123}</pre>
 *
 * A value larger than the dead-letter limit keeps its first bytes, its size and its SHA-256; the original stays
 * readable at its topic, partition and offset.
 */
public final class DeadLetter {
    private String sourceTopic;
    private int partition;
    private long offset;
    private long timestamp;
    private String stage;
    private String error;
    private byte[] key;
    private byte[] value;
    private int valueSize;
    private boolean valueTruncated;
    private String valueSha256;
    private long detectedAt;

    /** For Flink's POJO serializer. */
    public DeadLetter() {}

    public static DeadLetter of(String sourceTopic, int partition, long offset, long timestamp, String stage,
                                String error, byte[] key, byte[] value, int maxValueBytes, long detectedAt) {
        DeadLetter d = new DeadLetter();
        d.sourceTopic = sourceTopic;
        d.partition = partition;
        d.offset = offset;
        d.timestamp = timestamp;
        d.stage = stage;
        d.error = Objects.requireNonNull(error, "error");
        d.key = key;
        d.valueSize = value == null ? 0 : value.length;
        d.valueSha256 = value == null ? null : Sha256.hex(value);
        if (value != null && value.length > maxValueBytes) {
            d.value = java.util.Arrays.copyOf(value, maxValueBytes);
            d.valueTruncated = true;
        } else {
            d.value = value;
        }
        d.detectedAt = detectedAt;
        return d;
    }

    public String getSourceTopic() { return sourceTopic; }
    public void setSourceTopic(String sourceTopic) { this.sourceTopic = sourceTopic; }
    public int getPartition() { return partition; }
    public void setPartition(int partition) { this.partition = partition; }
    public long getOffset() { return offset; }
    public void setOffset(long offset) { this.offset = offset; }
    public long getTimestamp() { return timestamp; }
    public void setTimestamp(long timestamp) { this.timestamp = timestamp; }
    public String getStage() { return stage; }
    public void setStage(String stage) { this.stage = stage; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public byte[] getKey() { return key; }
    public void setKey(byte[] key) { this.key = key; }
    public byte[] getValue() { return value; }
    public void setValue(byte[] value) { this.value = value; }
    public int getValueSize() { return valueSize; }
    public void setValueSize(int valueSize) { this.valueSize = valueSize; }
    public boolean isValueTruncated() { return valueTruncated; }
    public void setValueTruncated(boolean valueTruncated) { this.valueTruncated = valueTruncated; }
    public String getValueSha256() { return valueSha256; }
    public void setValueSha256(String valueSha256) { this.valueSha256 = valueSha256; }
    public long getDetectedAt() { return detectedAt; }
    public void setDetectedAt(long detectedAt) { this.detectedAt = detectedAt; }

    @Override
    public String toString() {
        return "DeadLetter{" + sourceTopic + "/" + partition + "@" + offset + ": " + error + '}';
    }
}
