package io.tributary.jobs.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ChaosLedgerTest {
    @Test
    void accountsForAvailabilityDowntimeLossAndDuplicates() {
        ChaosLedger ledger = new ChaosLedger(0);
        // 10 s, one event per second; seconds 3 and 4 see nothing (a fault at 2.5 s), second 7 only a slow prediction
        for (int s = 0; s < 10; s++) ledger.sent("k" + s, s * 1000L);
        for (int s = 0; s < 10; s++) {
            if (s == 3 || s == 4) continue;
            long at = s == 7 ? s * 1000L + 500 : s * 1000L + 5;
            ledger.produced("k" + s, at);
        }
        ledger.produced("unknown", 1000); // not sent by this soak: ignored
        ledger.produced("k1", 8_000); // scored again after a recovery: only the first prediction counts
        ledger.fault("taskmanager", 2500, "taskmanager (pid 1)");
        ledger.fault("redis", 6000, "redis (pid 2)");
        for (int s = 0; s < 10; s++) if (s != 9) ledger.committed("k" + s);
        ledger.committed("k1");
        ledger.committed("warm-1"); // a warm-up event's prediction: not this soak's
        assertThat(ledger.committedDistinct()).isEqualTo(9);
        assertThat(ledger.withoutCommittedPrediction()).containsExactly("k9");

        ChaosLedger.Report r = ledger.report(Duration.ofSeconds(10), Duration.ofMillis(100));
        assertThat(r.seconds()).isEqualTo(10);
        assertThat(r.availableSeconds()).isEqualTo(7); // all but 3, 4 and 7
        assertThat(r.availability()).isEqualTo(0.7);
        assertThat(r.downtimes()).extracting(ChaosLedger.Downtime::unavailableSeconds).containsExactly(2, 1);
        assertThat(r.downtimes()).extracting(ChaosLedger.Downtime::flowingAgainAfterSeconds).containsExactly(3, 1);
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.duplicated()).isEqualTo(1);
        assertThat(r.committedDistinct()).isEqualTo(9);
        assertThat(ChaosLedger.byKind(r).get("taskmanager")).containsExactly(1, 2, 2);
        assertThat(r.p99Micros()).isGreaterThanOrEqualTo(499_000);
    }
}
