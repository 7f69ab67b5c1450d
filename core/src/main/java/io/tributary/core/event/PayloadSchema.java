package io.tributary.core.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * The declared fields of a source's payload, written like the fields of a Flink SQL {@code ROW}:
 * {@code origin STRING NOT NULL, destination STRING NOT NULL, delay INT, distance INT, late BOOLEAN}. A field is
 * nullable (and may be absent) unless {@code NOT NULL}; a declared schema is closed: a field it does not name is
 * refused. Types: {@code STRING}, {@code BOOLEAN}, {@code INT} (32-bit), {@code BIGINT} (64-bit), {@code FLOAT} and
 * {@code DOUBLE} (finite numbers), {@code ROW} and {@code ARRAY} (any object or array), {@code ANY}. Checking the
 * payload at ingest is what keeps a SQL view, whose JSON format fails on a mistyped field, from ever reading one.
 */
public final class PayloadSchema implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A field's type. */
    public enum Type { STRING, BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, ROW, ARRAY, ANY }

    /** One declared field. */
    public record Field(String name, Type type, boolean nullable) implements Serializable {}

    private final LinkedHashMap<String, Field> fields;

    private PayloadSchema(LinkedHashMap<String, Field> fields) { this.fields = fields; }

    public List<Field> fields() { return List.copyOf(fields.values()); }

    /**
     * Parses the text form; the error names the field and what was expected.
     *
     * @throws IllegalArgumentException for an empty schema, a duplicate field or an unknown type
     */
    public static PayloadSchema parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a payload schema names at least one field, e.g. 'delay INT, origin STRING NOT NULL'");
        LinkedHashMap<String, Field> fields = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] words = part.strip().replace("`", "").split("\\s+");
            if (words.length < 2) throw new IllegalArgumentException("payload schema: '" + part.strip() + "' is not 'name TYPE [NOT NULL]'");
            String name = words[0];
            Type type;
            try {
                type = Type.valueOf(words[1].toUpperCase(Locale.ROOT).replace("INTEGER", "INT"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("payload schema: field " + name + " has the unknown type '" + words[1]
                        + "'; the types are STRING, BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, ROW, ARRAY, ANY");
            }
            boolean notNull = words.length == 4 && words[2].equalsIgnoreCase("NOT") && words[3].equalsIgnoreCase("NULL");
            if (words.length != 2 && !notNull) throw new IllegalArgumentException("payload schema: '" + part.strip() + "' is not 'name TYPE [NOT NULL]'");
            if (fields.put(name, new Field(name, type, !notNull)) != null) {
                throw new IllegalArgumentException("payload schema: field " + name + " is declared twice");
            }
        }
        return new PayloadSchema(fields);
    }

    /** Why {@code payload} breaks the schema, or null when it conforms. */
    public String violation(JsonNode payload) {
        for (Field f : fields.values()) {
            JsonNode v = payload.get(f.name());
            if (v == null || v.isNull()) {
                if (!f.nullable()) return "payload field '" + f.name() + "' is " + (v == null ? "missing" : "null") + " but declared " + f.type() + " NOT NULL";
                continue;
            }
            String wrong = typeViolation(f.type(), v);
            if (wrong != null) return "payload field '" + f.name() + "' must be " + wrong + ", got " + describe(v);
        }
        List<String> extra = new ArrayList<>();
        for (Iterator<String> names = payload.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.containsKey(name)) extra.add(name);
        }
        if (!extra.isEmpty()) return "payload field" + (extra.size() == 1 ? " '" + extra.get(0) + "' is" : "s " + extra + " are") + " not in the source's schema";
        return null;
    }

    private static String typeViolation(Type type, JsonNode v) {
        return switch (type) {
            case STRING -> v.isTextual() ? null : "a string";
            case BOOLEAN -> v.isBoolean() ? null : "a boolean";
            case INT -> v.isIntegralNumber() && v.canConvertToInt() ? null : "an integer within 32 bits";
            case BIGINT -> v.isIntegralNumber() && v.canConvertToLong() ? null : "an integer within 64 bits";
            case FLOAT -> v.isNumber() && Float.isFinite((float) v.asDouble()) ? null : "a finite number within float range";
            case DOUBLE -> v.isNumber() && Double.isFinite(v.asDouble()) ? null : "a finite number";
            case ROW -> v.isObject() ? null : "an object";
            case ARRAY -> v.isArray() ? null : "an array";
            case ANY -> null;
        };
    }

    private static String describe(JsonNode v) {
        String text = v.toString();
        String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return switch (v.getNodeType()) {
            case STRING -> "the string " + shown;
            case NUMBER -> "the number " + shown;
            case BOOLEAN -> "the boolean " + shown;
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** The text form {@link #parse} reads. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Field f : fields.values()) parts.add(f.name() + " " + f.type() + (f.nullable() ? "" : " NOT NULL"));
        return String.join(", ", parts);
    }

    @Override public boolean equals(Object o) { return o instanceof PayloadSchema p && p.fields.equals(fields); }
    @Override public int hashCode() { return fields.hashCode(); }
}
