package io.tributary.features.pipeline;

import io.tributary.core.event.EventEnvelope;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

import java.time.Duration;

/**
 * Event-time timestamps and bounded-out-of-orderness watermarks, emitted as soon as an event advances them (not on a
 * processing-time period) and checkpointed. Both make lateness a function of the data alone: a restored job, a
 * backfill and the original run judge every event the same way, so they produce the same rows. A subtask without
 * events for {@code idleTimeout} declares itself idle so it does not hold back the others. Determinism assumes each
 * subtask sees its events in one order: a subtask reading several partitions interleaves them as the broker delivers.
 */
public final class CheckpointedWatermarks extends AbstractStreamOperator<EventEnvelope>
        implements OneInputStreamOperator<EventEnvelope, EventEnvelope> {
    private static final long serialVersionUID = 1L;

    private final long outOfOrdernessMillis;
    private final long idleTimeoutMillis;
    private transient long maxTimestamp;
    private transient long currentWatermark;
    private transient boolean sawEventSinceCheck;
    private transient boolean idle;
    private transient ListState<Long> maxTimestampState;

    public CheckpointedWatermarks(Duration outOfOrderness, Duration idleTimeout) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.idleTimeoutMillis = idleTimeout.toMillis();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        maxTimestamp = Long.MIN_VALUE;
        // union state: after a rescale every subtask resumes from the highest timestamp seen by any
        maxTimestampState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("max-event-time", Types.LONG));
        for (Long t : maxTimestampState.get()) maxTimestamp = Math.max(maxTimestamp, t);
        currentWatermark = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - outOfOrdernessMillis - 1;
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (currentWatermark != Long.MIN_VALUE) output.emitWatermark(new Watermark(currentWatermark));
        if (idleTimeoutMillis > 0) scheduleIdleCheck();
    }

    @Override
    public void processElement(StreamRecord<EventEnvelope> element) {
        long ts = element.getValue().getEventTimeMillis();
        sawEventSinceCheck = true;
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        output.collect(element.replace(element.getValue(), ts));
        if (ts > maxTimestamp) {
            maxTimestamp = ts;
            long wm = ts - outOfOrdernessMillis - 1;
            if (wm > currentWatermark) {
                currentWatermark = wm;
                output.emitWatermark(new Watermark(wm));
            }
        }
    }

    @Override
    public void processWatermark(Watermark mark) {
        // upstream sends no watermarks except the final one at the end of a bounded input
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            currentWatermark = Long.MAX_VALUE;
            output.emitWatermark(mark);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        maxTimestampState.update(java.util.List.of(maxTimestamp));
    }

    private void scheduleIdleCheck() {
        getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + idleTimeoutMillis,
                t -> {
                    if (!sawEventSinceCheck && !idle && currentWatermark != Long.MAX_VALUE) {
                        idle = true;
                        output.emitWatermarkStatus(WatermarkStatus.IDLE);
                    }
                    sawEventSinceCheck = false;
                    scheduleIdleCheck();
                });
    }
}
