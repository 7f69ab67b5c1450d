package io.tributary.drift.job;

import io.tributary.core.event.OutcomeJoin;
import io.tributary.drift.detect.DetectorState;
import io.tributary.drift.detect.DriftDetector;
import io.tributary.drift.detect.DriftDetectors;
import io.tributary.drift.detect.LeveledDetector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * Concept drift on the error stream: a serving prediction meets its outcome (keyed by event key), the error
 * (1 when the prediction at 0.5 was wrong) feeds a detector kept in keyed state (checkpointed with the job), and a
 * detection becomes a metric with the error rate since the detector's last reset. Keyed by event key for the join,
 * the detector itself lives in {@link Detect}, keyed by model.
 */
final class ErrorStreamMonitor {
    private ErrorStreamMonitor() {}

    /** One error: the model and version that served, 0 or 1, at the prediction's time. */
    record Error(String model, int version, double error, long eventTime) implements java.io.Serializable {}

    /** A serving prediction meets its outcome ({@link OutcomeJoin}); the pair becomes an error. */
    static final class Join extends OutcomeJoin<DriftRecords.Served, Error> {
        private static final long serialVersionUID = 1L;

        Join(String labelField, long maxLag) {
            super(DriftRecords.Served.class, labelField, maxLag);
        }

        @Override
        protected long predictionTime(DriftRecords.Served p) { return p.eventTime(); }

        @Override
        protected Error joined(DriftRecords.Served p, boolean y) {
            return new Error(p.model(), p.version(), (p.score() >= 0.5) == y ? 0 : 1, p.eventTime());
        }
    }

    /** The detector per model; a new serving version starts it afresh. */
    static final class Detect extends org.apache.flink.streaming.api.functions.KeyedProcessFunction<String, Error, DriftRecords.Metric> {
        private static final long serialVersionUID = 1L;
        private final String detector;
        private final Map<String, String> params;
        private transient ValueState<DriftDetector> state; // Java serialization (registered with Kryo by the job)
        private transient ValueState<long[]> counts; // version, errors, n, first event time

        Detect(String detector, Map<String, String> params) {
            this.detector = detector;
            this.params = Map.copyOf(params);
            DriftDetectors.create(detector, params); // fails at job build time on a bad name or parameter
        }

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("detector", TypeInformation.of(DriftDetector.class)));
            counts = getRuntimeContext().getState(new ValueStateDescriptor<>("counts", long[].class));
        }

        @Override
        public void processElement(Error e, Context ctx, Collector<DriftRecords.Metric> out) throws Exception {
            long[] c = counts.value();
            DriftDetector d = state.value();
            if (d == null || c == null || c[0] != e.version()) {
                d = DriftDetectors.create(detector, params);
                c = new long[] {e.version(), 0, 0, e.eventTime()};
            }
            c[1] += (long) e.error();
            c[2]++;
            if (d.update(e.error()) == DetectorState.DRIFT) {
                out.collect(signal(e, d, c));
                d = DriftDetectors.create(detector, params);
                c = new long[] {e.version(), 0, 0, e.eventTime()};
            }
            state.update(d);
            counts.update(c);
        }

        /** The drift signal as a metric: the error rate since the last reset, and the detector's levels when it has them. */
        static DriftRecords.Metric signal(Error e, DriftDetector d, long[] c) {
            LeveledDetector l = d instanceof LeveledDetector leveled ? leveled : null;
            return new DriftRecords.Metric(e.model(), e.version(), "__error__", d.name().toUpperCase(java.util.Locale.ROOT),
                    c[1] / (double) c[2], Double.NaN, Double.NaN, true, 0, c[2], c[3], e.eventTime(),
                    l == null ? Double.NaN : l.lastStatistic(), l == null ? Double.NaN : l.lastWarningLevel(),
                    l == null ? Double.NaN : l.lastDriftLevel());
        }
    }
}
