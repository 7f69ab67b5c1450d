package io.tributary.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The detectors reproduce, index for index, the detections MOA 2024.07 and river report on the golden streams
 * ({@code src/test/resources/drift-golden/README.md}), with default parameters.
 */
class GoldenStreamsTest {
    private static final double[] S1 = Streams.golden("s1");
    private static final double[] S2 = Streams.golden("s2");
    private static final double[] S3 = Streams.golden("s3");

    @Test
    void goldenStreamsAreTheDocumentedOnes() {
        assertThat(S1).hasSize(2000);
        assertThat(S2).hasSize(2000);
        assertThat(S3).hasSize(2000);
    }

    @Test
    void ddm() {
        assertThat(Streams.detections(new Ddm(), S2)).containsExactly(1049);
    }

    @Test
    void eddm() {
        assertThat(Streams.detections(new Eddm(), S2)).containsExactly(681, 848, 983, 1042, 1089);
    }

    @Test
    void hddmAOneSided() {
        assertThat(Streams.detections(new HddmA(), S2)).containsExactly(1047);
    }

    @Test
    void hddmATwoSidedRestartsSilentlyOnADecreaseAsMoa() {
        assertThat(Streams.detections(new HddmA(0.001, 0.005, true, false), S3)).containsExactly(531, 1545);
    }

    @Test
    void hddmATwoSidedSignallingDecreasesIsRiver() {
        assertThat(Streams.detections(new HddmA(0.001, 0.005, true, true), S3)).containsExactly(531, 1015, 1545);
    }

    @Test
    void hddmWOneSided() {
        assertThat(Streams.detections(new HddmW(), S2)).containsExactly(1018);
    }

    @Test
    void hddmWTwoSided() {
        assertThat(Streams.detections(new HddmW(0.001, 0.005, 0.05, true), S3)).containsExactly(507, 1508);
    }

    @Test
    void adwinMoaMode() {
        assertThat(Streams.detections(Adwin.moa(0.002), S1)).containsExactly(1023, 1055);
    }

    @Test
    void adwinDefaultReportsBothDirections() {
        assertThat(Streams.detections(new Adwin(), S1)).containsExactly(1023, 1055);
    }

    @Test
    void pageHinkleyDefaultIsRiversClassicIncreaseTest() {
        assertThat(Streams.detections(new PageHinkley(), S1)).containsExactly(1020, 1991);
    }

    @Test
    void pageHinkleyMoaModeDetectsIncreasesOnly() {
        assertThat(Streams.detections(pageHinkley(PageHinkley.Mode.MOA), S1)).containsExactly(1025);
    }

    @Test
    void pageHinkleyDownIsTheMirrorImageOfUp() {
        double[] mirrored = new double[S1.length];
        for (int i = 0; i < S1.length; i++) {
            mirrored[i] = -S1[i];
        }
        assertThat(Streams.detections(pageHinkley(PageHinkley.Mode.DOWN), mirrored)).containsExactly(1020, 1991);
        assertThat(Streams.detections(pageHinkley(PageHinkley.Mode.DOWN), S1)).isEmpty();
    }

    @Test
    void pageHinkleyBothAlsoFiresOnDecreasesAfterTheFirstRestart() {
        // No reference pins BOTH: a regression value. The first alarm is UP's; after the restart, the 0..7 regime's
        // noise drives the floored decrease sum to the threshold.
        assertThat(Streams.detections(pageHinkley(PageHinkley.Mode.BOTH), S1)).containsExactly(1020, 1397, 1553, 1797);
    }

    private static PageHinkley pageHinkley(PageHinkley.Mode mode) {
        return new PageHinkley(30, 0.005, 50, 1 - 0.0001, mode);
    }

    @Test
    void theFactoryDefaultsAreTheConstructorDefaults() {
        Map<String, List<Integer>> expected = Map.of(
                "adwin", List.of(1023, 1055),
                "ddm", List.of(1049),
                "eddm", List.of(681, 848, 983, 1042, 1089),
                "hddm_a", List.of(1047),
                "hddm_w", List.of(1018),
                "page_hinkley", List.of(1020, 1991));
        expected.forEach((name, indices) -> {
            double[] stream = name.equals("adwin") || name.equals("page_hinkley") ? S1 : S2;
            assertThat(Streams.detections(DriftDetectors.create(name), stream)).as(name).isEqualTo(indices);
        });
        assertThat(Streams.detections(DriftDetectors.create("hddm_a", Map.of("twoSided", "true")), S3))
                .containsExactly(531, 1545);
        assertThat(Streams.detections(DriftDetectors.create("page_hinkley", Map.of("mode", "moa")), S1))
                .containsExactly(1025);
        assertThat(Streams.detections(DriftDetectors.create("adwin", Map.of("direction", "up")), S1))
                .containsExactly(1023, 1055);
    }
}
