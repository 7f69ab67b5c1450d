package io.tributary.drift.job;

import io.tributary.drift.detect.Ddm;
import io.tributary.drift.detect.DetectorState;
import io.tributary.drift.detect.PageHinkley;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A DDM drift signal carries what it was judged on: its statistic above its drift level, the warning level below. */
class ErrorStreamSignalTest {
    @Test
    void aDdmSignalRecordsItsStatisticAndLevels() {
        Ddm ddm = new Ddm();
        long[] counts = {3, 0, 0, 0};
        DetectorState state = DetectorState.NONE;
        // 10 % errors for 1,000 predictions, then every prediction wrong: DDM signals drift
        for (int i = 0; state != DetectorState.DRIFT && i < 5_000; i++) {
            double error = i < 1_000 ? (i % 10 == 0 ? 1 : 0) : 1;
            counts[1] += (long) error;
            counts[2]++;
            state = ddm.update(error);
        }
        assertThat(state).isEqualTo(DetectorState.DRIFT);
        var signal = ErrorStreamMonitor.Detect.signal(new ErrorStreamMonitor.Error("m", 3, 1, 42), ddm, counts);

        assertThat(signal.feature()).isEqualTo("__error__");
        assertThat(signal.test()).isEqualTo("DDM");
        assertThat(signal.statistic()).isEqualTo(counts[1] / (double) counts[2]);
        assertThat(signal.detectorStatistic()).isGreaterThan(signal.driftLevel());
        assertThat(signal.warningLevel()).isLessThan(signal.driftLevel()).isGreaterThan(0.09);
        assertThat(signal.driftLevel()).isLessThan(0.2);
    }

    @Test
    void aDetectorWithoutLevelsRecordsNaN() {
        var signal = ErrorStreamMonitor.Detect.signal(new ErrorStreamMonitor.Error("m", 1, 1, 42), new PageHinkley(), new long[] {1, 5, 10, 0});
        assertThat(signal.statistic()).isEqualTo(0.5);
        assertThat(signal.detectorStatistic()).isNaN();
        assertThat(signal.warningLevel()).isNaN();
        assertThat(signal.driftLevel()).isNaN();
    }
}
