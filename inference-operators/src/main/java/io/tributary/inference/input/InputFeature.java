package io.tributary.inference.input;

import io.tributary.core.features.EventTimeFeatures;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Where one model input comes from: an online feature ({@code view:feature}, read from Redis for the event's entity),
 * a field of the event's payload ({@code payload:field}), or the event's time ({@code time:hour_of_day},
 * {@code time:day_of_week}, computed by {@link EventTimeFeatures}, the code the training examples use). A missing
 * value becomes {@code defaultValue} (NaN unless declared: Tributary's models fill NaN with the training mean).
 *
 * <p>Text form (command line): {@code name=origin_1h:departures}, {@code name=payload:distance},
 * {@code name=time:hour_of_day}, each optionally followed by {@code |default}, e.g. {@code origin_departures=origin_1h:departures|0}.
 */
public record InputFeature(String name, Kind kind, String view, String field, double defaultValue) implements Serializable {

    /** The kinds of source. */
    public enum Kind { ONLINE, PAYLOAD, TIME }

    public InputFeature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(field, "field");
        if (kind == Kind.ONLINE) Objects.requireNonNull(view, "view");
        if (kind == Kind.TIME && !field.equals("hour_of_day") && !field.equals("day_of_week")) {
            throw new IllegalArgumentException("input " + name + ": time features are hour_of_day and day_of_week, not '" + field + "'");
        }
    }

    /** Parses the text form; the error names the input and what was expected. */
    public static InputFeature parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("an input looks like name=view:feature, name=payload:field or name=time:hour_of_day, got '" + text + "'");
        String name = text.substring(0, eq).strip();
        String source = text.substring(eq + 1).strip();
        double dflt = Double.NaN;
        int bar = source.indexOf('|');
        if (bar >= 0) {
            try {
                dflt = Double.parseDouble(source.substring(bar + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("input " + name + ": the default after '|' must be a number, got '" + source.substring(bar + 1) + "'");
            }
            source = source.substring(0, bar).strip();
        }
        int colon = source.indexOf(':');
        if (colon <= 0 || colon == source.length() - 1) {
            throw new IllegalArgumentException("input " + name + ": the source looks like view:feature, payload:field or time:hour_of_day, got '" + source + "'");
        }
        String left = source.substring(0, colon);
        String right = source.substring(colon + 1);
        return switch (left) {
            case "payload" -> new InputFeature(name, Kind.PAYLOAD, null, right, dflt);
            case "time" -> new InputFeature(name, Kind.TIME, null, right, dflt);
            default -> new InputFeature(name, Kind.ONLINE, left, right, dflt);
        };
    }

    /** The value of a payload or time input for an event; {@link #defaultValue} when absent, not a number or not finite. */
    public double fromEvent(Map<String, Object> payload, long eventTimeMillis) {
        return switch (kind) {
            case TIME -> field.equals("hour_of_day") ? EventTimeFeatures.hourOfDay(eventTimeMillis) : EventTimeFeatures.dayOfWeek(eventTimeMillis);
            case PAYLOAD -> {
                Object v = payload.get(field);
                // a number JSON cannot hold (1e400 parses as infinity) is as unusable as a string
                yield v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : v instanceof Boolean b ? (b ? 1 : 0) : defaultValue;
            }
            case ONLINE -> throw new IllegalStateException(name + " is an online feature");
        };
    }

    @Override
    public String toString() {
        String src = switch (kind) {
            case ONLINE -> view + ":" + field;
            case PAYLOAD -> "payload:" + field;
            case TIME -> "time:" + field;
        };
        return name + "=" + src + (Double.isNaN(defaultValue) ? "" : "|" + defaultValue);
    }
}
