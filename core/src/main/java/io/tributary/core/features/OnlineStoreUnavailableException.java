package io.tributary.core.features;

/**
 * The online store (Redis) cannot answer now: it is down or the client is reconnecting. Lookups fail fast with this
 * while Redis is down and succeed again once the client has reconnected.
 */
public final class OnlineStoreUnavailableException extends IllegalStateException {
    public OnlineStoreUnavailableException(String message, Throwable cause) { super(message, cause); }
}
