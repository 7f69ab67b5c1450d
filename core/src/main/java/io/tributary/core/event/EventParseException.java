package io.tributary.core.event;

/** A record that is not a valid {@link EventEnvelope}; the message names what is wrong, for the dead-letter topic. */
public final class EventParseException extends Exception {
    public EventParseException(String reason) { super(reason); }
    public EventParseException(String reason, Throwable cause) { super(reason, cause); }
}
