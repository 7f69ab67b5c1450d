package io.tributary.jobs.cluster;

/** A REST call to Flink or the SQL Gateway that failed; the message carries the server's own words. */
public final class RestException extends RuntimeException {
    private final int status;

    public RestException(String message) { this(message, 0, null); }
    public RestException(String message, Throwable cause) { this(message, 0, cause); }

    /** @param status the HTTP status the server answered, 0 when it did not answer */
    public RestException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the server answered, or 0 when there was no answer. */
    public int status() { return status; }
}
