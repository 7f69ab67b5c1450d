package io.tributary.training.job;

import io.tributary.training.model.Example;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a model's training window (the newest {@code windowSize} examples) in keyed state and trains when
 * {@code retrainEvery} new examples have arrived since the last run, or when a retrain request comes. Training runs on
 * a separate thread with the window copied at the trigger, so the stream never waits for it; a processing-time timer
 * collects the outcome, and a run longer than the time limit is abandoned and reported as FAILED. The window is copied
 * at the trigger, so what each run trains on depends on the stream alone; triggers during a run queue their copies
 * (at most {@link #MAX_QUEUED}; the oldest is dropped first, newer data being worth more).
 */
public final class ContinuousTrainer extends KeyedCoProcessFunction<String, Example, RetrainRequest, TrainingOutcome> {
    private static final long serialVersionUID = 1L;
    static final long POLL_MS = 100;
    static final int MAX_QUEUED = 2;
    /** Every example with its stream position, for the {@code training.examples} table (lineage). */
    public static final org.apache.flink.util.OutputTag<ExamplesTable.SeqExample> STORED =
            new org.apache.flink.util.OutputTag<>("stored-examples", TypeInformation.of(ExamplesTable.SeqExample.class)) {};

    private final TrainingConfig config;
    private final long timeLimitMillis;
    private transient MapState<Long, Example> window;
    private transient ValueState<Long> head;
    private transient ValueState<Long> tail;
    private transient ValueState<Integer> sinceLast;
    private transient java.util.ArrayDeque<Object[]> queued; // {trigger, snapshot}
    private transient ExecutorService executor;
    private transient Future<TrainingOutcome> running;
    private transient long runningSince;
    private transient Counter runs;
    private transient Counter examplesIn;

    public ContinuousTrainer(TrainingConfig config, long timeLimitMillis) {
        this.config = config;
        this.timeLimitMillis = timeLimitMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        window = getRuntimeContext().getMapState(new MapStateDescriptor<>("window", Types.LONG, TypeInformation.of(Example.class)));
        head = getRuntimeContext().getState(new ValueStateDescriptor<>("head", Types.LONG));
        tail = getRuntimeContext().getState(new ValueStateDescriptor<>("tail", Types.LONG));
        sinceLast = getRuntimeContext().getState(new ValueStateDescriptor<>("since-last", Types.INT));
        queued = new java.util.ArrayDeque<>();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tributary-trainer-" + config.spec().name());
            t.setDaemon(true);
            return t;
        });
        runs = getRuntimeContext().getMetricGroup().counter("trainingRuns");
        examplesIn = getRuntimeContext().getMetricGroup().counter("examplesIn");
    }

    @Override
    public void processElement1(Example e, Context ctx, Collector<TrainingOutcome> out) throws Exception {
        examplesIn.inc();
        long h = head.value() == null ? 0 : head.value();
        long t = tail.value() == null ? 0 : tail.value();
        window.put(t, e);
        ctx.output(STORED, new ExamplesTable.SeqExample(config.spec().name(), t, e));
        t++;
        while (t - h > config.windowSize()) window.remove(h++);
        head.update(h);
        tail.update(t);
        int since = (sinceLast.value() == null ? 0 : sinceLast.value()) + 1;
        if (since >= config.retrainEvery()) {
            since = 0;
            trigger("after " + config.retrainEvery() + " new examples", ctx);
        }
        sinceLast.update(since);
    }

    @Override
    public void processElement2(RetrainRequest r, Context ctx, Collector<TrainingOutcome> out) throws Exception {
        sinceLast.update(0);
        trigger("retrain request: " + r.reason(), ctx);
    }

    private void trigger(String why, Context ctx) throws Exception {
        List<Example> snapshot = new ArrayList<>(config.windowSize());
        long h = head.value() == null ? 0 : head.value();
        long t = tail.value() == null ? 0 : tail.value();
        for (long i = h; i < t; i++) snapshot.add(window.get(i));
        if (snapshot.size() < 10) return;
        if (running != null) {
            if (queued.size() == MAX_QUEUED) queued.removeFirst();
            queued.addLast(new Object[] {why, snapshot, h, t - 1});
            return;
        }
        start(why, snapshot, h, t - 1, ctx.timerService().currentProcessingTime());
        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + POLL_MS);
    }

    private void start(String why, List<Example> snapshot, long seqFrom, long seqTo, long now) {
        runs.inc();
        runningSince = now;
        long lineageWait = Math.max(1000, timeLimitMillis / 2);
        running = executor.submit(() -> TrainingRun.run(config, snapshot, why, seqFrom, seqTo, lineageWait));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrainingOutcome> out) throws Exception {
        if (running == null) return;
        if (running.isDone()) {
            out.collect(running.get());
            running = null;
            Object[] next = queued.pollFirst();
            if (next != null) {
                @SuppressWarnings("unchecked")
                List<Example> snapshot = (List<Example>) next[1];
                start((String) next[0], snapshot, (Long) next[2], (Long) next[3], timestamp);
            }
        } else if (timestamp - runningSince > timeLimitMillis) {
            running.cancel(true);
            running = null;
            out.collect(new TrainingOutcome("timeout-" + timestamp, config.spec().name(), "timeout", "FAILED",
                    "training took longer than " + timeLimitMillis + " ms and was abandoned", null, null,
                    TrainingRun.parameters(config), java.util.Map.of(), java.util.Map.of(), 0, 0, 0,
                    config.spec().seed(), config.codeVersion(), timestamp - runningSince));
        }
        if (running != null) ctx.timerService().registerProcessingTimeTimer(timestamp + POLL_MS);
    }

    @Override
    public void close() throws Exception {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
