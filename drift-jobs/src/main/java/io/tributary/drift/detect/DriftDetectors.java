package io.tributary.drift.detect;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds {@link DriftDetector}s from a name and string parameters, as they come from a job's configuration.
 *
 * <p>Names (case-insensitive, {@code -} and {@code _} ignored) and parameters, with defaults:
 * <ul>
 *   <li>{@code adwin}: {@code delta} 0.002, {@code clock} 32, {@code direction} both|up|down (both)</li>
 *   <li>{@code ddm}: {@code minInstances} 30, {@code warningLevel} 2.0, {@code driftLevel} 3.0</li>
 *   <li>{@code eddm}: none</li>
 *   <li>{@code hddm_a}: {@code driftConfidence} 0.001, {@code warningConfidence} 0.005, {@code twoSided} false,
 *       {@code signalDecrease} false</li>
 *   <li>{@code hddm_w}: {@code driftConfidence} 0.001, {@code warningConfidence} 0.005, {@code lambda} 0.05,
 *       {@code twoSided} false</li>
 *   <li>{@code page_hinkley} (or {@code ph}): {@code minInstances} 30, {@code delta} 0.005, {@code threshold} 50,
 *       {@code alpha} 0.9999, {@code mode} up|down|both|moa (up)</li>
 * </ul>
 * For example {@code DriftDetectors.create("adwin", Map.of("delta", "0.002"))}.
 */
public final class DriftDetectors {
    /** The canonical detector names, as returned by {@link DriftDetector#name()}. */
    public static final List<String> NAMES = List.of("adwin", "ddm", "eddm", "hddm_a", "hddm_w", "page_hinkley");

    private DriftDetectors() {
    }

    /** A detector with default parameters; see {@link #create(String, Map)}. */
    public static DriftDetector create(String name) {
        return create(name, Map.of());
    }

    /**
     * A detector by name with the given parameters (absent ones take their defaults).
     *
     * @throws IllegalArgumentException for an unknown name, an unknown parameter, or a value that does not parse or
     *     is out of range; the message names the detector and the parameter
     */
    public static DriftDetector create(String name, Map<String, String> params) {
        String canonical = canonical(name);
        Params p = new Params(canonical, params == null ? Map.of() : params);
        try {
            DriftDetector detector = build(canonical, p);
            p.rejectUnknown();
            return detector;
        } catch (Params.BadParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("drift detector '" + canonical + "': " + e.getMessage(), e);
        }
    }

    private static DriftDetector build(String name, Params p) {
        return switch (name) {
            case "adwin" -> new Adwin(p.real("delta", 0.002), p.integer("clock", 32),
                    p.choice("direction", Adwin.Direction.BOTH));
            case "ddm" -> new Ddm(p.integer("minInstances", 30), p.real("warningLevel", 2.0),
                    p.real("driftLevel", 3.0));
            case "eddm" -> new Eddm();
            case "hddm_a" -> new HddmA(p.real("driftConfidence", 0.001), p.real("warningConfidence", 0.005),
                    p.bool("twoSided", false), p.bool("signalDecrease", false));
            case "hddm_w" -> new HddmW(p.real("driftConfidence", 0.001), p.real("warningConfidence", 0.005),
                    p.real("lambda", 0.05), p.bool("twoSided", false));
            case "page_hinkley" -> new PageHinkley(p.integer("minInstances", 30), p.real("delta", 0.005),
                    p.real("threshold", 50), p.real("alpha", 1 - 0.0001), p.choice("mode", PageHinkley.Mode.UP));
            default -> throw new AssertionError(name);
        };
    }

    private static String canonical(String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").strip();
        return switch (key) {
            case "adwin" -> "adwin";
            case "ddm" -> "ddm";
            case "eddm" -> "eddm";
            case "hddma" -> "hddm_a";
            case "hddmw" -> "hddm_w";
            case "pagehinkley", "ph" -> "page_hinkley";
            default -> throw new IllegalArgumentException(
                    "unknown drift detector '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
