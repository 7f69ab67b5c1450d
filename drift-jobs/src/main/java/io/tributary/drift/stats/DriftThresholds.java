package io.tributary.drift.stats;

import io.tributary.core.drift.Profile;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * When a test means drift, per feature, with defaults. Five limits:
 * <ul>
 *   <li>{@code psi} (default {@value #DEFAULT_PSI}): drift if PSI {@code >} it; a finite number {@code > 0}.</li>
 *   <li>{@code ks_p} (default {@value #DEFAULT_KS_P}): drift if KS's p-value {@code <} it; in [0, 1], 0 turns it
 *       off.</li>
 *   <li>{@code ks_d} (default {@value #DEFAULT_KS_D}, off): drift also if KS's D {@code >} it; in (0, 1], 1 is off
 *       (D never exceeds 1). Useful on large windows, where any tiny shift is significant.</li>
 *   <li>{@code chi2_p} (default {@value #DEFAULT_CHI2_P}): drift if chi-square's p-value {@code <} it; in [0, 1],
 *       0 turns it off.</li>
 *   <li>{@code wasserstein} (default {@value #DEFAULT_WASSERSTEIN}, Evidently's): drift if the normalized
 *       Wasserstein distance {@code >=} it; a finite number {@code > 0}.</li>
 * </ul>
 * Text form ({@link #parse(String)}): comma-separated {@code <feature>.<limit>=<value>} entries, where the feature
 * {@code default} sets the limit of every feature not named, e.g.
 * {@code default.psi=0.2,distance.psi=0.1,origin.chi2_p=0.001}. The feature is what precedes the last dot, so
 * feature names may contain dots; the score is {@value Profile#SCORE}. Immutable.
 */
public final class DriftThresholds implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_PSI = 0.2;
    public static final double DEFAULT_KS_P = 0.01;
    public static final double DEFAULT_KS_D = 1.0;
    public static final double DEFAULT_CHI2_P = 0.01;
    public static final double DEFAULT_WASSERSTEIN = 0.1;
    /** The feature name that sets the defaults. */
    public static final String DEFAULT = "default";

    /** The limits, by their name in the text form. */
    public enum Limit {
        PSI("psi", DEFAULT_PSI),
        KS_P("ks_p", DEFAULT_KS_P),
        KS_D("ks_d", DEFAULT_KS_D),
        CHI2_P("chi2_p", DEFAULT_CHI2_P),
        WASSERSTEIN("wasserstein", DEFAULT_WASSERSTEIN);

        private final String key;
        private final double builtIn;

        Limit(String key, double builtIn) {
            this.key = key;
            this.builtIn = builtIn;
        }

        /** The name in the text form. */
        public String key() {
            return key;
        }

        /** The default when nothing is configured. */
        public double builtIn() {
            return builtIn;
        }

        private String check(double value) {
            if (!Double.isFinite(value)) {
                return "must be a finite number";
            }
            return switch (this) {
                case PSI, WASSERSTEIN -> value > 0 ? null : "must be > 0";
                case KS_P, CHI2_P -> value >= 0 && value <= 1 ? null : "must be in [0, 1] (0 turns it off)";
                case KS_D -> value > 0 && value <= 1 ? null : "must be in (0, 1] (1 turns it off)";
            };
        }

        private static Limit of(String key) {
            for (Limit limit : values()) {
                if (limit.key.equals(key)) {
                    return limit;
                }
            }
            return null;
        }
    }

    private static final DriftThresholds DEFAULTS = new DriftThresholds(new TreeMap<>());

    // feature (or "default") -> the limits set for it; TreeMap so that toString is canonical.
    private final TreeMap<String, EnumMap<Limit, Double>> set;

    private DriftThresholds(TreeMap<String, EnumMap<Limit, Double>> set) {
        this.set = set;
    }

    /** The built-in defaults for every feature: PSI 0.2, KS p 0.01 (D off), chi-square p 0.01, Wasserstein 0.1. */
    public static DriftThresholds defaults() {
        return DEFAULTS;
    }

    /**
     * Parses the text form (see the class comment); blank means {@link #defaults()}. Names and values are trimmed;
     * limit names are case-insensitive, feature names are not.
     *
     * @throws IllegalArgumentException naming the entry, for an entry without {@code =}, without a feature or a
     *     limit, an unknown limit, a value that is not a number or out of range, or a key given twice
     */
    public static DriftThresholds parse(String text) {
        Objects.requireNonNull(text, "text");
        TreeMap<String, EnumMap<Limit, Double>> set = new TreeMap<>();
        if (text.isBlank()) {
            return DEFAULTS;
        }
        String[] entries = text.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String where = "drift thresholds, entry " + (i + 1) + " '" + entry + "': ";
            if (entry.isEmpty()) {
                throw new IllegalArgumentException(where + "empty entry (stray comma?); expected "
                        + "<feature>.<limit>=<value>, e.g. default.psi=0.2");
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(where + "no '='; expected <feature>.<limit>=<value>, e.g. default.psi=0.2");
            }
            String key = entry.substring(0, eq).strip();
            String raw = entry.substring(eq + 1).strip();
            int dot = key.lastIndexOf('.');
            if (dot < 0) {
                throw new IllegalArgumentException(where + "key '" + key + "' has no '.'; expected <feature>.<limit> "
                        + "with limit one of " + keys() + ", e.g. default.psi");
            }
            String feature = key.substring(0, dot).strip();
            String limitName = key.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
            if (feature.isEmpty()) {
                throw new IllegalArgumentException(where + "no feature before '." + limitName + "' (use '"
                        + DEFAULT + "' for all features)");
            }
            Limit limit = Limit.of(limitName);
            if (limit == null) {
                throw new IllegalArgumentException(where + "unknown limit '" + limitName + "'; known: " + keys());
            }
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + limit.key + " must be a number, got '" + raw + "'", e);
            }
            String problem = limit.check(value);
            if (problem != null) {
                throw new IllegalArgumentException(where + limit.key + " " + problem + ", got " + raw);
            }
            Double previous = set.computeIfAbsent(feature, f -> new EnumMap<>(Limit.class)).put(limit, value);
            if (previous != null) {
                throw new IllegalArgumentException(where + "'" + feature + "." + limit.key + "' is given twice");
            }
        }
        return new DriftThresholds(set);
    }

    /**
     * The limit for a feature: the feature's own if set, else the {@code default} one if set, else the built-in
     * default.
     */
    public double get(String feature, Limit limit) {
        EnumMap<Limit, Double> own = set.get(feature);
        if (own != null && own.containsKey(limit)) {
            return own.get(limit);
        }
        EnumMap<Limit, Double> defaults = set.get(DEFAULT);
        if (defaults != null && defaults.containsKey(limit)) {
            return defaults.get(limit);
        }
        return limit.builtIn;
    }

    /** PSI above which the feature drifted. */
    public double psi(String feature) {
        return get(feature, Limit.PSI);
    }

    /** KS p-value below which the feature drifted. */
    public double ksP(String feature) {
        return get(feature, Limit.KS_P);
    }

    /** KS D above which the feature drifted (1 = off). */
    public double ksD(String feature) {
        return get(feature, Limit.KS_D);
    }

    /** Chi-square p-value below which the feature drifted. */
    public double chi2P(String feature) {
        return get(feature, Limit.CHI2_P);
    }

    /** Normalized Wasserstein distance at or above which the feature drifted. */
    public double wasserstein(String feature) {
        return get(feature, Limit.WASSERSTEIN);
    }

    private static String keys() {
        List<String> keys = new ArrayList<>();
        for (Limit limit : Limit.values()) {
            keys.add(limit.key);
        }
        return String.join(", ", keys);
    }

    /** The text form of what was set, canonical (features and limits sorted); {@link #parse} reads it back. */
    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, EnumMap<Limit, Double>> f : set.entrySet()) {
            f.getValue().forEach((limit, value) -> entries.add(f.getKey() + "." + limit.key + "=" + value));
        }
        return String.join(",", entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftThresholds t && set.equals(t.set);
    }

    @Override
    public int hashCode() {
        return set.hashCode();
    }
}
