package io.tributary.core.drift;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The distribution of every input feature and of the score over some data: a {@link NumericSummary} (KLL sketch +
 * missing count) per numeric feature and a {@link CategoricalSummary} (capped frequency map) per categorical one.
 * A feature's kind is fixed by its first value. Two kinds share this structure: {@link ReferenceProfile} (the
 * training data of a model version) and {@link WindowProfile} (serving data of one window), so that the evaluator
 * cannot mix them up.
 *
 * <p>Mergeable, and serializable to compact bytes ({@link #toBytes()}) or base64 ({@link #toBase64()}); Java
 * serialization writes the same bytes. Equality is equality of those bytes: same kind, parameters, features,
 * sketches and counts. Not thread-safe.
 */
public abstract sealed class Profile implements Serializable permits ReferenceProfile, WindowProfile {
    private static final long serialVersionUID = 1L;

    /** The feature name under which the model's score is profiled ({@link #addScore(double)}). */
    public static final String SCORE = "__score__";
    /** KLL's k: rank error about 1.3% (99% confidence) at 200; size grows about linearly with k. */
    public static final int DEFAULT_K = 200;
    /** Named categories kept per categorical feature; the others count as {@value CategoricalSummary#OTHER}. */
    public static final int DEFAULT_MAX_CATEGORIES = 100;

    static final byte REFERENCE = 1;
    static final byte WINDOW = 2;
    // "TRDP" (Tributary drift profile), then a format version: readers reject what they cannot read.
    private static final int MAGIC = 0x54524450;
    private static final byte FORMAT = 1;

    private final int k;
    private final int maxCategories;
    // Sorted maps: the bytes (and so equality) do not depend on the order features were first seen.
    private final TreeMap<String, NumericSummary> numeric = new TreeMap<>();
    private final TreeMap<String, CategoricalSummary> categorical = new TreeMap<>();

    Profile(int k, int maxCategories) {
        if (k < 8 || k > 65535) {
            throw new IllegalArgumentException("k must be in [8, 65535], got " + k);
        }
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be >= 1, got " + maxCategories);
        }
        this.k = k;
        this.maxCategories = maxCategories;
    }

    abstract byte kind();

    /** Adds a value of a numeric feature; NaN and infinities count as missing. */
    public void add(String feature, double value) {
        numericFor(feature).add(value);
    }

    /** Adds a missing value of a numeric feature (a {@code null} in the input). */
    public void addMissing(String feature) {
        numericFor(feature).addMissing();
    }

    /** Adds a score: {@code add(SCORE, score)}. */
    public void addScore(double score) {
        add(SCORE, score);
    }

    /** Adds a value of a categorical feature; {@code null} counts as missing. */
    public void addCategory(String feature, String category) {
        categoricalFor(feature).add(category);
    }

    private NumericSummary numericFor(String feature) {
        checkName(feature);
        if (categorical.containsKey(feature)) {
            throw new IllegalArgumentException("feature '" + feature + "' is categorical, got a numeric value");
        }
        return numeric.computeIfAbsent(feature, f -> new NumericSummary(k));
    }

    private CategoricalSummary categoricalFor(String feature) {
        checkName(feature);
        if (numeric.containsKey(feature)) {
            throw new IllegalArgumentException("feature '" + feature + "' is numeric, got a category");
        }
        return categorical.computeIfAbsent(feature, f -> new CategoricalSummary(maxCategories));
    }

    private static void checkName(String feature) {
        if (feature == null || feature.isEmpty()) {
            throw new IllegalArgumentException("a feature name must be non-empty, got " + (feature == null ? "null" : "''"));
        }
    }

    /** The numeric features (the score included, as {@link #SCORE}), by name. */
    public SortedSet<String> numericFeatures() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(numeric.keySet()));
    }

    /** The categorical features, by name. */
    public SortedSet<String> categoricalFeatures() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(categorical.keySet()));
    }

    /** The summary of a numeric feature, or {@code null} if this profile has no such numeric feature. */
    public NumericSummary numeric(String feature) {
        return numeric.get(feature);
    }

    /** The summary of a categorical feature, or {@code null} if this profile has no such categorical feature. */
    public CategoricalSummary categorical(String feature) {
        return categorical.get(feature);
    }

    /** KLL's k for new sketches. */
    public int k() {
        return k;
    }

    /** The cap on named categories per categorical feature. */
    public int maxCategories() {
        return maxCategories;
    }

    /** Adds everything {@code other} saw to this profile; {@code other} is left unchanged and shares nothing. */
    void mergeFrom(Profile other) {
        Objects.requireNonNull(other, "other");
        for (Map.Entry<String, NumericSummary> e : other.numeric.entrySet()) {
            if (categorical.containsKey(e.getKey())) {
                throw kindClash(e.getKey());
            }
        }
        for (Map.Entry<String, CategoricalSummary> e : other.categorical.entrySet()) {
            if (numeric.containsKey(e.getKey())) {
                throw kindClash(e.getKey());
            }
        }
        other.numeric.forEach((f, s) -> numeric.computeIfAbsent(f, x -> new NumericSummary(k)).merge(s));
        other.categorical.forEach((f, s) -> categorical.computeIfAbsent(f, x -> new CategoricalSummary(maxCategories)).merge(s));
    }

    private static IllegalArgumentException kindClash(String feature) {
        return new IllegalArgumentException("cannot merge: feature '" + feature + "' is numeric in one profile and "
                + "categorical in the other");
    }

    /** Copies every feature of {@code source} into this empty profile (deep copy). */
    void copyFrom(Profile source) {
        source.numeric.forEach((f, s) -> numeric.put(f, s.copy()));
        source.categorical.forEach((f, s) -> categorical.put(f, s.copy()));
    }

    /**
     * The compact binary form (big-endian): magic {@code "TRDP"}, format version 1, kind (1 reference, 2 window),
     * k, maxCategories; the numeric features by name, each with its missing count and KLL compact bytes; the
     * categorical features by name, each with missing and other counts and its named categories by name.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT);
            out.writeByte(kind());
            out.writeInt(k);
            out.writeInt(maxCategories);
            out.writeInt(numeric.size());
            for (Map.Entry<String, NumericSummary> e : numeric.entrySet()) {
                writeString(out, e.getKey());
                out.writeLong(e.getValue().missing());
                byte[] sketch = e.getValue().sketchBytes();
                out.writeInt(sketch.length);
                out.write(sketch);
            }
            out.writeInt(categorical.size());
            for (Map.Entry<String, CategoricalSummary> e : categorical.entrySet()) {
                CategoricalSummary s = e.getValue();
                writeString(out, e.getKey());
                out.writeLong(s.missing());
                out.writeLong(s.other());
                out.writeInt(s.counts().size());
                for (Map.Entry<String, Long> c : s.counts().entrySet()) {
                    writeString(out, c.getKey());
                    out.writeLong(c.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** {@link #toBytes()} in standard base64 (with padding): a plain JSON string value. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(toBytes());
    }

    /** Reads {@link #toBytes()} of the expected kind into a profile that {@code factory} builds from the k and maxCategories read. */
    static <P extends Profile> P read(byte[] bytes, byte expectedKind, ProfileFactory<P> factory) {
        Objects.requireNonNull(bytes, "bytes");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (bytes.length < 4 || in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a drift profile (bad magic)");
            }
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("drift profile format " + format + " is not supported (expected " + FORMAT + ")");
            }
            byte kind = in.readByte();
            if (kind != expectedKind) {
                throw new IllegalArgumentException("expected a " + kindName(expectedKind) + " profile, got a " + kindName(kind) + " profile");
            }
            P result = factory.create(in.readInt(), in.readInt());
            Profile profile = result;
            int numerics = count(in);
            for (int i = 0; i < numerics; i++) {
                String feature = readString(in);
                long missing = in.readLong();
                byte[] sketch = new byte[count(in)];
                in.readFully(sketch);
                profile.numeric.put(feature, NumericSummary.fromBytes(sketch, nonNegative(missing)));
            }
            int categoricals = count(in);
            for (int i = 0; i < categoricals; i++) {
                String feature = readString(in);
                long missing = nonNegative(in.readLong());
                long other = nonNegative(in.readLong());
                int size = count(in);
                Map<String, Long> counts = new LinkedHashMap<>();
                for (int j = 0; j < size; j++) {
                    counts.put(readString(in), nonNegative(in.readLong()));
                }
                if (profile.numeric.containsKey(feature)) {
                    throw new IllegalArgumentException("feature '" + feature + "' is both numeric and categorical");
                }
                profile.categorical.put(feature, CategoricalSummary.of(profile.maxCategories, counts, other, missing));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after the profile");
            }
            return result;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated drift profile (" + bytes.length + " bytes)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            // A corrupt sketch: DataSketches throws its own exceptions.
            throw new IllegalArgumentException("corrupt drift profile: " + e.getMessage(), e);
        }
    }

    static byte[] decodeBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface ProfileFactory<P extends Profile> {
        P create(int k, int maxCategories);
    }

    private static String kindName(byte kind) {
        return switch (kind) {
            case REFERENCE -> "reference";
            case WINDOW -> "window";
            default -> "unknown (" + kind + ")";
        };
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[count(in)];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        // Bounded by what is left: a corrupt length must not allocate gigabytes.
        if (n < 0 || n > in.available()) {
            throw new IllegalArgumentException("corrupt drift profile: length " + n);
        }
        return n;
    }

    private static long nonNegative(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("corrupt drift profile: negative count " + n);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Profile p && Arrays.equals(toBytes(), p.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{k=" + k + ", maxCategories=" + maxCategories + ", numeric=" + numeric
                + ", categorical=" + categorical + "}";
    }

    // Java serialization goes through the compact bytes: KLL sketches are not Serializable, and one format is enough.
    Object writeReplace() {
        return new SerializedForm(kind(), toBytes());
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a profile is read through its serialized form");
    }

    private record SerializedForm(byte kind, byte[] bytes) implements Serializable {
        private Object readResolve() {
            return kind == REFERENCE ? ReferenceProfile.fromBytes(bytes) : WindowProfile.fromBytes(bytes);
        }
    }
}
