package io.tributary.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factory builds every detector by name and says precisely what is wrong with a bad name or parameter. */
class DriftDetectorsTest {

    @Test
    void everyCanonicalNameBuildsADetectorOfThatName() {
        for (String name : DriftDetectors.NAMES) {
            assertThat(DriftDetectors.create(name).name()).isEqualTo(name);
        }
    }

    @Test
    void namesAreCaseAndSeparatorInsensitive() {
        assertThat(DriftDetectors.create("ADWIN")).isInstanceOf(Adwin.class);
        assertThat(DriftDetectors.create("HDDM-A")).isInstanceOf(HddmA.class);
        assertThat(DriftDetectors.create("hddmw")).isInstanceOf(HddmW.class);
        assertThat(DriftDetectors.create("Page-Hinkley")).isInstanceOf(PageHinkley.class);
        assertThat(DriftDetectors.create("ph")).isInstanceOf(PageHinkley.class);
    }

    @Test
    void parametersReachTheDetector() {
        double[] s1 = Streams.golden("s1");
        DriftDetector fromFactory = DriftDetectors.create("page_hinkley",
                Map.of("mode", "MOA", "minInstances", "30", "delta", "0.005", "threshold", "50", "alpha", "0.9999"));
        assertThat(Streams.detections(fromFactory, s1)).containsExactly(1025);
        DriftDetector clock1 = DriftDetectors.create("adwin", Map.of("delta", "0.002", "clock", "1"));
        assertThat(Streams.detections(clock1, s1))
                .isEqualTo(Streams.detections(new Adwin(0.002, 1, Adwin.Direction.BOTH), s1))
                .isNotEqualTo(Streams.detections(new Adwin(), s1));
    }

    @Test
    void anUnknownDetectorIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> DriftDetectors.create("kswin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown drift detector 'kswin'; known: adwin, ddm, eddm, hddm_a, hddm_w, page_hinkley");
        assertThatThrownBy(() -> DriftDetectors.create(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown drift detector 'null'");
    }

    @Test
    void anUnknownParameterIsRejectedNotIgnored() {
        assertThatThrownBy(() -> DriftDetectors.create("adwin", Map.of("detla", "0.01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drift detector 'adwin' has no parameter 'detla'; known: delta, clock, direction");
        assertThatThrownBy(() -> DriftDetectors.create("eddm", Map.of("delta", "0.01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drift detector 'eddm' has no parameter 'delta'; it takes none");
    }

    @Test
    void aValueThatDoesNotParseIsNamedWithWhatWasExpected() {
        assertThatThrownBy(() -> DriftDetectors.create("adwin", Map.of("delta", "small")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drift detector 'adwin': parameter 'delta' must be a number, got 'small'");
        assertThatThrownBy(() -> DriftDetectors.create("ddm", Map.of("minInstances", "2.5")))
                .hasMessage("drift detector 'ddm': parameter 'minInstances' must be an integer, got '2.5'");
        assertThatThrownBy(() -> DriftDetectors.create("hddm_w", Map.of("twoSided", "yes")))
                .hasMessage("drift detector 'hddm_w': parameter 'twoSided' must be true or false, got 'yes'");
        assertThatThrownBy(() -> DriftDetectors.create("page_hinkley", Map.of("mode", "sideways")))
                .hasMessage("drift detector 'page_hinkley': parameter 'mode' must be one of up|down|both|moa, got 'sideways'");
        Map<String, String> withNull = new HashMap<>();
        withNull.put("lambda", null);
        assertThatThrownBy(() -> DriftDetectors.create("hddm_w", withNull))
                .hasMessage("drift detector 'hddm_w': parameter 'lambda' is null");
    }

    @Test
    void anOutOfRangeValueIsNamedWithItsRange() {
        assertThatThrownBy(() -> DriftDetectors.create("adwin", Map.of("delta", "1.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drift detector 'adwin': delta must be in (0, 1), got 1.5");
        assertThatThrownBy(() -> DriftDetectors.create("adwin", Map.of("clock", "0")))
                .hasMessage("drift detector 'adwin': clock must be >= 1, got 0");
        assertThatThrownBy(() -> DriftDetectors.create("ddm", Map.of("warningLevel", "4", "driftLevel", "3")))
                .hasMessage("drift detector 'ddm': driftLevel must be >= warningLevel, got driftLevel 3.0 < warningLevel 4.0");
        assertThatThrownBy(() -> DriftDetectors.create("hddm_a", Map.of("signalDecrease", "true")))
                .hasMessage("drift detector 'hddm_a': signalDecrease needs twoSided=true");
        assertThatThrownBy(() -> DriftDetectors.create("hddm_w", Map.of("lambda", "0")))
                .hasMessage("drift detector 'hddm_w': lambda must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> DriftDetectors.create("page_hinkley", Map.of("threshold", "NaN")))
                .hasMessage("drift detector 'page_hinkley': threshold must be a finite number > 0, got NaN");
    }
}
