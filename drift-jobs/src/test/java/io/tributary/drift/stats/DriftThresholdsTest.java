package io.tributary.drift.stats;

import io.tributary.core.drift.Profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DriftThresholdsTest {

    @Test
    void defaults() {
        DriftThresholds t = DriftThresholds.defaults();
        assertThat(t.psi("any")).isEqualTo(0.2);
        assertThat(t.ksP("any")).isEqualTo(0.01);
        assertThat(t.ksD("any")).isEqualTo(1.0);
        assertThat(t.chi2P("any")).isEqualTo(0.01);
        assertThat(t.wasserstein("any")).isEqualTo(0.1);
        assertThat(DriftThresholds.parse("  ")).isEqualTo(t);
        assertThat(t.toString()).isEmpty();
    }

    @Test
    void aFeatureLimitOverridesTheDefaultLimitWhichOverridesTheBuiltIn() {
        DriftThresholds t = DriftThresholds.parse("default.psi=0.25, distance.psi=0.1,origin.chi2_p=0.001,"
                + "a.b.c.KS_P = 0.05, __score__.ks_d=0.2");
        assertThat(t.psi("distance")).isEqualTo(0.1);
        assertThat(t.psi("origin")).isEqualTo(0.25);
        assertThat(t.psi("other")).isEqualTo(0.25);
        assertThat(t.chi2P("origin")).isEqualTo(0.001);
        assertThat(t.chi2P("distance")).isEqualTo(0.01);
        assertThat(t.ksP("a.b.c")).isEqualTo(0.05);
        assertThat(t.ksD(Profile.SCORE)).isEqualTo(0.2);
        assertThat(t.ksD("distance")).isEqualTo(1.0);
        assertThat(t.get("distance", DriftThresholds.Limit.KS_P)).isEqualTo(0.01);
        // The text form is canonical and reads back.
        assertThat(t.toString()).isEqualTo(
                "__score__.ks_d=0.2,a.b.c.ks_p=0.05,default.psi=0.25,distance.psi=0.1,origin.chi2_p=0.001");
        assertThat(DriftThresholds.parse(t.toString())).isEqualTo(t);
    }

    @Test
    void theWassersteinLimitIsSetLikeTheOthers() {
        DriftThresholds t = DriftThresholds.parse("default.wasserstein=0.1,distance.wasserstein=0.2, __score__.WASSERSTEIN=0.05");
        assertThat(t.wasserstein("distance")).isEqualTo(0.2);
        assertThat(t.wasserstein("origin")).isEqualTo(0.1);
        assertThat(t.wasserstein(Profile.SCORE)).isEqualTo(0.05);
        assertThat(t.psi("distance")).isEqualTo(0.2);
        assertThat(t.toString()).isEqualTo("__score__.wasserstein=0.05,default.wasserstein=0.1,distance.wasserstein=0.2");
        assertThat(DriftThresholds.parse(t.toString())).isEqualTo(t);
    }

    @Test
    void zeroTurnsAPValueLimitOffAndOneTheDLimit() {
        DriftThresholds t = DriftThresholds.parse("x.ks_p=0,x.chi2_p=0,x.ks_d=1");
        assertThat(t.ksP("x")).isZero();
        assertThat(t.chi2P("x")).isZero();
        assertThat(t.ksD("x")).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "distance.psi=0.1,,origin.psi=0.2 | entry 2 '': empty entry (stray comma?)",
            "distance.psi=0.1, | entry 2 '': empty entry",
            "distance.psi | entry 1 'distance.psi': no '='; expected <feature>.<limit>=<value>",
            "psi=0.2 | key 'psi' has no '.'; expected <feature>.<limit> with limit one of psi, ks_p, ks_d, chi2_p, wasserstein",
            ".psi=0.2 | no feature before '.psi' (use 'default' for all features)",
            "origin.chi2=0.1 | entry 1 'origin.chi2=0.1': unknown limit 'chi2'; known: psi, ks_p, ks_d, chi2_p, wasserstein",
            "origin.chi2_p=abc | chi2_p must be a number, got 'abc'",
            "origin.chi2_p= | chi2_p must be a number, got ''",
            "origin.chi2_p=1.5 | chi2_p must be in [0, 1] (0 turns it off), got 1.5",
            "x.ks_p=-0.1 | ks_p must be in [0, 1] (0 turns it off), got -0.1",
            "x.ks_d=0 | ks_d must be in (0, 1] (1 turns it off), got 0",
            "x.psi=0 | psi must be > 0, got 0",
            "x.wasserstein=0 | wasserstein must be > 0, got 0",
            "x.wasserstein=-0.1 | wasserstein must be > 0, got -0.1",
            "x.wasserstein=Infinity | wasserstein must be a finite number, got Infinity",
            "x.psi=NaN | psi must be a finite number, got NaN",
            "x.psi=Infinity | psi must be a finite number, got Infinity",
            "x.psi=0.1,x.PSI=0.2 | entry 2 'x.PSI=0.2': 'x.psi' is given twice",
    })
    void badTextFailsWithAMessageNamingTheEntry(String text, String message) {
        assertThatThrownBy(() -> DriftThresholds.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("drift thresholds, entry ")
                .hasMessageContaining(message.strip());
    }
}
