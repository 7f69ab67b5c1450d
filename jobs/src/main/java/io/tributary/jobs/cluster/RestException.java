package io.tributary.jobs.cluster;

/** A REST call to Flink or the SQL Gateway that failed; the message carries the server's own words. */
public final class RestException extends RuntimeException {
    public RestException(String message) { super(message); }
    public RestException(String message, Throwable cause) { super(message, cause); }
}
