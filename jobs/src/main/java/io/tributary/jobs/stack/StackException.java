package io.tributary.jobs.stack;

/** A local-stack failure with a message meant for the user: what went wrong and what to do about it. */
public final class StackException extends RuntimeException {
    public StackException(String message) { super(message); }
    public StackException(String message, Throwable cause) { super(message, cause); }
}
