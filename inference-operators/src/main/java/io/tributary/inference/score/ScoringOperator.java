package io.tributary.inference.score;

import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.models.ModelOutputs;
import io.tributary.core.models.RegistryState;
import io.tributary.inference.input.ScoringRequest;
import io.tributary.inference.model.OnnxModel;
import io.tributary.inference.route.CanaryGuard;
import io.tributary.inference.route.TrafficRouter;
import io.tributary.inference.route.TrafficRouter.Variant;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import io.tributary.core.event.DeadLetter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores assembled requests with ONNX Runtime inside the operator (one session per variant per subtask), in
 * micro-batches of up to B rows or T ms, and follows the model registry (input 2, broadcast) to hot-swap versions.
 *
 * <ul>
 *   <li>Swaps take effect between two requests: the open batch is scored by the old version first, so every request is
 *       scored once, by the version that served when it arrived. The registry log is broadcast state, so a restored
 *       job serves the versions it served at the checkpoint; batches are flushed before every checkpoint barrier, so
 *       no request is in the operator at a checkpoint except those waiting for a first model (list state).</li>
 *   <li>A version whose artefact does not match its sha256, does not load, or needs inputs the job does not assemble
 *       is refused: the previous version keeps serving and an alert says why ({@link #ALERTS}).</li>
 *   <li>Traffic: aliases champion, challenger (with a share: an A/B test), canary (a share) and shadow (scores every
 *       request, never serves); {@link TrafficRouter} assigns keys. A canary worse than the champion on this subtask
 *       ({@link CanaryGuard}) is rolled back: a registry event removes the alias ({@link #REGISTRY_COMMANDS}).</li>
 * </ul>
 */
public final class ScoringOperator extends AbstractStreamOperator<Prediction>
        implements TwoInputStreamOperator<ScoringRequest, ModelEvent, Prediction>, BoundedMultiInput {
    private static final long serialVersionUID = 1L;
    /** Versions refused and canaries rolled back. */
    public static final OutputTag<ServingAlert> ALERTS = new OutputTag<>("serving-alerts", TypeInformation.of(ServingAlert.class)) {};
    /** Registry events the operator decides (a canary's rollback). */
    public static final OutputTag<ModelEvent> REGISTRY_COMMANDS = new OutputTag<>("registry-commands", TypeInformation.of(ModelEvent.class)) {};
    /** Events that got no valid score: the model failed, or scored NaN or outside [0, 1]; they get no decision. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("unscored", TypeInformation.of(DeadLetter.class)) {};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Variant> ALIASES = Map.of("champion", Variant.CHAMPION, "challenger", Variant.CHALLENGER,
            "canary", Variant.CANARY, "shadow", Variant.SHADOW);

    private final ScoringConfig config;

    private transient BroadcastState<Long, byte[]> registryLog;
    private transient ListState<ScoringRequest> waitingState;
    private transient RegistryState registry;
    private transient long nextSeq;
    private transient Map<Variant, Loaded> serving;
    private transient Set<String> refused;
    private transient List<ScoringRequest> batch;
    private transient List<ScoringRequest> waiting;
    private transient boolean timerSet;
    private transient TrafficRouter router;
    private transient CanaryGuard guard;
    private transient Counter scored;
    private transient Counter swaps;
    private transient Counter unscored;
    private transient org.apache.flink.metrics.Histogram latency;

    private record Loaded(int version, OnnxModel model, List<String> features, double share) {}

    public ScoringOperator(ScoringConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        registryLog = context.getOperatorStateStore().getBroadcastState(
                new MapStateDescriptor<>("registry-log", Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        waitingState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("waiting-for-a-model", TypeInformation.of(ScoringRequest.class)));
        registry = new RegistryState();
        TreeMap<Long, byte[]> ordered = new TreeMap<>();
        for (Map.Entry<Long, byte[]> e : registryLog.entries()) ordered.put(e.getKey(), e.getValue());
        for (byte[] json : ordered.values()) registry.apply(ModelEvent.fromJson(json));
        nextSeq = ordered.isEmpty() ? 0 : ordered.lastKey() + 1;
        waiting = new ArrayList<>();
        for (ScoringRequest r : waitingState.get()) waiting.add(r);
    }

    @Override
    public void open() throws Exception {
        super.open();
        serving = new EnumMap<>(Variant.class);
        refused = new HashSet<>();
        batch = new ArrayList<>(config.batchSize());
        router = new TrafficRouter(config.salt());
        guard = new CanaryGuard(config.canaryWindow(), config.canaryMinSamples(), config.canaryErrorMargin(), config.canaryLatencyMargin());
        scored = getMetricGroup().counter("predictions");
        swaps = getMetricGroup().counter("modelSwaps");
        unscored = getMetricGroup().counter("unscored");
        latency = getMetricGroup().histogram("predictionLatencyMs", new org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram(10_000));
        getMetricGroup().gauge("championVersion", () -> serving.containsKey(Variant.CHAMPION) ? serving.get(Variant.CHAMPION).version() : -1);
        reconcile(false); // alerts about these were sent before the restore
    }

    @Override
    public void processElement1(StreamRecord<ScoringRequest> element) throws Exception {
        if (!serving.containsKey(Variant.CHAMPION)) {
            if (waiting.isEmpty()) alert(null, "champion", "NO_MODEL", "no champion of " + config.model() + " has loaded yet; requests wait (in state) for one");
            waiting.add(element.getValue());
            return;
        }
        batch.add(element.getValue());
        if (batch.size() >= config.batchSize()) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + config.maxDelayMs(), t -> {
                timerSet = false;
                flush();
            });
        }
    }

    @Override
    public void processElement2(StreamRecord<ModelEvent> element) throws Exception {
        ModelEvent e = element.getValue();
        if (!config.model().equals(e.model())) return;
        flush(); // what arrived before the change is scored as it was served
        registryLog.put(nextSeq++, e.toJson());
        registry.apply(e);
        reconcile(true);
        if (serving.containsKey(Variant.CHAMPION) && !waiting.isEmpty()) {
            List<ScoringRequest> ready = waiting;
            waiting = new ArrayList<>();
            for (ScoringRequest r : ready) {
                batch.add(r);
                if (batch.size() >= config.batchSize()) flush();
            }
            flush();
        }
    }

    /** Loads what the aliases now point to; keeps what is loaded when the new version is refused. */
    private void reconcile(boolean emitAlerts) {
        RegistryState.Model m = registry.model(config.model()).orElse(null);
        for (Map.Entry<String, Variant> a : ALIASES.entrySet()) {
            Variant variant = a.getValue();
            Optional<RegistryState.Alias> alias = m == null ? Optional.empty() : m.alias(a.getKey());
            Loaded current = serving.get(variant);
            if (alias.isEmpty()) {
                if (current != null) unload(variant);
                continue;
            }
            int target = alias.get().version();
            double share = alias.get().trafficShare() == null ? 0 : alias.get().trafficShare();
            if (current != null && current.version() == target) {
                serving.put(variant, new Loaded(current.version(), current.model(), current.features(), share));
                continue;
            }
            String tag = a.getKey() + "@" + target;
            if (refused.contains(tag)) continue;
            try {
                serving.put(variant, load(m, target, share));
                if (current != null) current.model().close();
                if (variant == Variant.CANARY) guard.reset();
                swaps.inc();
                LOG.info("{} {} now serves version {} of {}", getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks(), a.getKey(), target, config.model());
            } catch (Exception ex) {
                refused.add(tag);
                String reason = "version " + target + " of " + config.model() + " refused as " + a.getKey() + ": " + ex.getMessage()
                        + (current == null ? "" : "; version " + current.version() + " keeps serving");
                LOG.warn(reason, ex);
                if (emitAlerts) alert(target, a.getKey(), "LOAD_REFUSED", reason);
            }
        }
    }

    private Loaded load(RegistryState.Model m, int version, double share) throws Exception {
        ModelEvent registered = m.version(version).orElseThrow(() -> new IllegalStateException("no such version")).registered();
        Object declared = registered.lineage().get("features");
        if (!(declared instanceof List<?> list) || list.isEmpty()) throw new IllegalArgumentException("the version declares no features");
        List<String> features = list.stream().map(String::valueOf).toList();
        List<String> missing = features.stream().filter(f -> !config.inputNames().contains(f)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("it needs inputs " + missing + " that this job does not assemble (its inputs: " + config.inputNames() + ")");
        }
        byte[] onnx = ArtifactStore.read(registered.artifact(), registered.sha256());
        return new Loaded(version, OnnxModel.load(onnx, features), features, share);
    }

    private void unload(Variant variant) throws RuntimeException {
        Loaded l = serving.remove(variant);
        try {
            l.model().close();
        } catch (Exception e) {
            LOG.warn("closing a model session failed", e);
        }
    }

    private void flush() throws Exception {
        if (batch.isEmpty()) return;
        List<ScoringRequest> rows = batch;
        batch = new ArrayList<>(config.batchSize());
        Map<Variant, List<ScoringRequest>> byVariant = new EnumMap<>(Variant.class);
        double canaryShare = serving.containsKey(Variant.CANARY) ? serving.get(Variant.CANARY).share() : 0;
        double challengerShare = serving.containsKey(Variant.CHALLENGER) ? serving.get(Variant.CHALLENGER).share() : 0;
        for (ScoringRequest r : rows) {
            byVariant.computeIfAbsent(router.route(r.key(), canaryShare, challengerShare), v -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<Variant, List<ScoringRequest>> e : byVariant.entrySet()) {
            Variant variant = e.getKey();
            if (variant == Variant.CHAMPION) {
                scoreChampion(e.getValue());
                continue;
            }
            // a challenger or canary that fails, or scores outside [0, 1], must not decide: the champion serves those
            List<ScoringRequest> fallback;
            try {
                fallback = score(variant, e.getValue(), true);
            } catch (Exception failure) {
                LOG.warn("{} failed to score; the champion serves the batch", variant, failure);
                if (variant == Variant.CANARY) for (int i = 0; i < e.getValue().size(); i++) guard.record(true, 0, true);
                fallback = e.getValue();
            }
            if (!fallback.isEmpty()) scoreChampion(fallback);
        }
        if (serving.containsKey(Variant.SHADOW)) {
            try {
                score(Variant.SHADOW, rows, false);
            } catch (Exception failure) {
                LOG.warn("the shadow failed to score a batch", failure);
            }
        }
        if (serving.containsKey(Variant.CANARY)) {
            Optional<String> verdict = guard.verdict();
            if (verdict.isPresent()) rollBackCanary(verdict.get());
        }
    }

    /**
     * Scores and emits; returns the requests whose score was not a probability (not emitted when a champion can serve
     * them). A model without a score (regression, multi-class) emits its outputs by name, unchecked.
     */
    private List<ScoringRequest> score(Variant variant, List<ScoringRequest> requests, boolean decision) throws Exception {
        Loaded l = serving.get(variant);
        ModelOutputs out = l.model().predict(rows(l.features(), requests));
        double[] p = out.score();
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        String name = variant.name().toLowerCase(java.util.Locale.ROOT);
        List<ScoringRequest> invalid = new ArrayList<>();
        for (int i = 0; i < out.rows(); i++) {
            ScoringRequest r = requests.get(i);
            double latencyMs = (now - r.receivedMicros()) / 1000.0;
            boolean error = p != null && (Double.isNaN(p[i]) || p[i] < 0 || p[i] > 1);
            if (variant == Variant.CANARY || variant == Variant.CHAMPION) guard.record(variant == Variant.CANARY, latencyMs, error);
            if (error && decision && variant != Variant.CHAMPION) {
                invalid.add(r);
                continue;
            }
            if (error) {
                // a score is a number in [0, 1] or there is none, and no decision
                unscore(r, name + " version " + l.version() + " of " + config.model() + " scored " + p[i]
                        + ", not a probability in [0, 1]" + (decision ? ": no decision" : ""));
                continue;
            }
            output.collect(new StreamRecord<>(new Prediction(r.key(), r.eventTime(), config.model(), l.version(), name, decision,
                    p == null ? null : p[i], r.statuses(), r.values(), latencyMs, out.row(i)), r.eventTime()));
            if (decision) {
                scored.inc();
                latency.update(Math.round(latencyMs));
            }
        }
        return invalid;
    }

    /**
     * The champion serves; when its model fails on a batch, each event is scored alone, and those that still fail are
     * dead-lettered with the reason instead of failing the job (which would fail again on the same events after every
     * restart). One malformed value (a missing value for an integer input) so costs only its own event.
     */
    private void scoreChampion(List<ScoringRequest> requests) {
        try {
            score(Variant.CHAMPION, requests, true);
        } catch (Exception failure) {
            Loaded l = serving.get(Variant.CHAMPION);
            String prefix = "champion version " + l.version() + " of " + config.model() + " failed to score: ";
            LOG.warn("{}{}; its {} events are scored one by one", prefix, failure, requests.size(), failure);
            alert(l.version(), "champion", "SCORING_FAILED", prefix + failure);
            for (ScoringRequest r : requests) {
                try {
                    if (requests.size() == 1) throw failure;
                    score(Variant.CHAMPION, List.of(r), true);
                } catch (Exception alone) {
                    unscore(r, prefix + alone);
                }
            }
        }
    }

    private void unscore(ScoringRequest r, String reason) {
        unscored.inc();
        ObjectNode n = JSON.createObjectNode();
        n.put("key", r.key());
        n.put("event_time", r.eventTime());
        n.put("model", config.model());
        ObjectNode in = n.putObject("inputs");
        r.values().forEach((k, v) -> { if (v == null || !Double.isFinite(v)) in.putNull(k); else in.put(k, v); });
        byte[] value = n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetter.of(null, -1, -1, r.eventTime(), "scoring-" + config.model(), reason,
                r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), value, value.length, System.currentTimeMillis())));
    }

    /** The model's input rows, in its feature order (NaN for an input the request lacks). */
    public static double[][] rows(List<String> features, List<ScoringRequest> requests) {
        double[][] x = new double[requests.size()][];
        for (int i = 0; i < x.length; i++) {
            Map<String, Double> values = requests.get(i).values();
            double[] row = new double[features.size()];
            for (int j = 0; j < row.length; j++) {
                Double v = values.get(features.get(j));
                row[j] = v == null ? Double.NaN : v;
            }
            x[i] = row;
        }
        return x;
    }

    private void rollBackCanary(String why) {
        Loaded canary = serving.get(Variant.CANARY);
        refused.add("canary@" + canary.version());
        unload(Variant.CANARY);
        String reason = "canary version " + canary.version() + " of " + config.model() + " rolled back: " + why;
        LOG.warn(reason);
        alert(canary.version(), "canary", "CANARY_ROLLED_BACK", reason);
        output.collect(REGISTRY_COMMANDS, new StreamRecord<>(new ModelEvent(ModelEvent.Type.ALIAS_REMOVED, config.model(), null,
                "canary", null, canary.version(), null, null, null, null, null, null,
                "scoring-job/" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), Instant.now(), reason)));
    }

    private void alert(Integer version, String alias, String kind, String reason) {
        // every subtask sees the same registry: one of them speaks
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0 || kind.equals("CANARY_ROLLED_BACK")) {
            output.collect(ALERTS, new StreamRecord<>(new ServingAlert(config.model(), version, alias, kind, reason, System.currentTimeMillis())));
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        waitingState.update(waiting);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (serving != null) for (Variant v : List.copyOf(serving.keySet())) unload(v);
        super.close();
    }
}
