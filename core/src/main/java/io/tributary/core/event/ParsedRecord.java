package io.tributary.core.event;

/** The outcome of reading one Kafka record: exactly one of an event or a dead letter. */
public final class ParsedRecord {
    private EventEnvelope event;
    private DeadLetter deadLetter;

    /** For Flink's POJO serializer. */
    public ParsedRecord() {}

    public static ParsedRecord event(EventEnvelope event) {
        ParsedRecord r = new ParsedRecord();
        r.event = event;
        return r;
    }

    public static ParsedRecord deadLetter(DeadLetter deadLetter) {
        ParsedRecord r = new ParsedRecord();
        r.deadLetter = deadLetter;
        return r;
    }

    public boolean isEvent() { return event != null; }
    public EventEnvelope getEvent() { return event; }
    public void setEvent(EventEnvelope event) { this.event = event; }
    public DeadLetter getDeadLetter() { return deadLetter; }
    public void setDeadLetter(DeadLetter deadLetter) { this.deadLetter = deadLetter; }
}
