package io.tributary.drift.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** String parameters of one detector, read with defaults; remembers which keys it knows to reject the others. */
final class Params {
    private final String detector;
    private final Map<String, String> values;
    private final Set<String> known = new LinkedHashSet<>();

    Params(String detector, Map<String, String> values) {
        this.detector = detector;
        this.values = values;
    }

    double real(String key, double fallback) {
        String raw = raw(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw bad(key, raw, "a number");
        }
    }

    int integer(String key, int fallback) {
        String raw = raw(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw bad(key, raw, "an integer");
        }
    }

    boolean bool(String key, boolean fallback) {
        String raw = raw(key);
        if (raw == null) {
            return fallback;
        }
        // Boolean.parseBoolean would read a typo as false.
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, raw, "true or false");
        };
    }

    <E extends Enum<E>> E choice(String key, E fallback) {
        String raw = raw(key);
        if (raw == null) {
            return fallback;
        }
        List<String> names = new ArrayList<>();
        for (E constant : fallback.getDeclaringClass().getEnumConstants()) {
            String name = constant.name().toLowerCase(Locale.ROOT);
            if (name.equals(raw.toLowerCase(Locale.ROOT))) {
                return constant;
            }
            names.add(name);
        }
        throw bad(key, raw, "one of " + String.join("|", names));
    }

    /** Fails on a key no reader asked for: a typo must not silently fall back to a default. */
    void rejectUnknown() {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new BadParameterException("drift detector '" + detector + "' has no parameter '" + key + "'"
                        + (known.isEmpty() ? "; it takes none" : "; known: " + String.join(", ", known)));
            }
        }
    }

    private String raw(String key) {
        known.add(key);
        String raw = values.get(key);
        if (raw == null && values.containsKey(key)) {
            throw new BadParameterException("drift detector '" + detector + "': parameter '" + key + "' is null");
        }
        return raw == null ? null : raw.strip();
    }

    private BadParameterException bad(String key, String raw, String expected) {
        return new BadParameterException("drift detector '" + detector + "': parameter '" + key + "' must be "
                + expected + ", got '" + raw + "'");
    }

    /** A message that already names the detector. */
    static final class BadParameterException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadParameterException(String message) {
            super(message);
        }
    }
}
