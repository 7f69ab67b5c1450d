package io.tributary.inference.route;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Assigns a routing key to a variant: a point u in [0, 1) from SHA-256 of the experiment salt and the key, so the
 * same key lands in the same variant across restarts, machines and parallelism changes, and a new salt reshuffles.
 * The canary takes [0, canaryShare), the challenger (an A/B test) the next challengerShare, the champion the rest.
 */
public final class TrafficRouter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The variants a request can be served by (a shadow scores everything, but never serves). */
    public enum Variant { CHAMPION, CHALLENGER, CANARY, SHADOW }

    private final String salt;
    private transient MessageDigest sha; // per instance: one operator thread uses it, created once rather than per event

    public TrafficRouter(String salt) {
        this.salt = salt;
    }

    /** The point of {@code key} in [0, 1). */
    public double point(String key) {
        try {
            if (sha == null) sha = MessageDigest.getInstance("SHA-256");
            sha.reset();
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(key).getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11; // 53 bits: exact in a double
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The serving variant of {@code key} given the live shares (0 when the alias is not set). */
    public Variant route(String key, double canaryShare, double challengerShare) {
        double u = point(key);
        if (u < canaryShare) return Variant.CANARY;
        if (u < canaryShare + challengerShare) return Variant.CHALLENGER;
        return Variant.CHAMPION;
    }
}
