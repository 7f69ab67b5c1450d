package io.tributary.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AbCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachTestHasItsOwnVerdict() throws Exception {
        // accuracy equal, Brier loss different: "significant" (either test) must not be pinned on the accuracy
        var row = JSON.readTree("{\"variant\":\"challenger\",\"accuracy_diff_vs_champion\":-0.0002,\"z_test_p\":0.8,"
                + "\"welch_p\":4e-5,\"significant\":true,\"alpha\":0.05}");
        assertThat(AbCommand.Report.verdict(row))
                .isEqualTo("-0.0002 accuracy (z-test: not significant), Brier loss (Welch: significant) at 0.05");
    }

    @Test
    void aMissingTestIsNotComputedAndAnOlderRecordUsesTheDefaultAlpha() throws Exception {
        var row = JSON.readTree("{\"variant\":\"challenger\",\"accuracy_diff_vs_champion\":0.01,\"z_test_p\":0.01,\"welch_p\":null}");
        assertThat(AbCommand.Report.verdict(row))
                .isEqualTo("+0.0100 accuracy (z-test: significant), Brier loss (Welch: not computed) at 0.05");
    }
}
