package io.tributary.jobs.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the chaos soak saw, and what it makes of it: events sent (by key, with their send time), predictions produced
 * (read uncommitted: the serving path's latency) and committed (read_committed: what consumers get, exactly once or
 * not). Thread-safe for one sender and one reader per isolation level.
 *
 * <ul>
 *   <li>A second is <b>available</b> when predictions were produced in it and their p99 latency, from the event's
 *       append to the prediction's, was below the bound.</li>
 *   <li>A fault's <b>downtime</b>: the unavailable seconds from the fault until the next fault (or the end).</li>
 *   <li><b>Lost</b>: events sent without a committed prediction; <b>duplicated</b>: committed predictions beyond one
 *       per event.</li>
 * </ul>
 */
public final class ChaosLedger {
    private final long startMillis;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Boolean> firstSeen = new ConcurrentHashMap<>();
    private final Map<Long, Histogram> producedBySecond = new ConcurrentHashMap<>();
    private final Map<String, Integer> committed = new ConcurrentHashMap<>();
    private final AtomicLong committedRecords = new AtomicLong();
    private final AtomicLong appendFailures = new AtomicLong();
    private final org.HdrHistogram.ConcurrentHistogram inJob = new org.HdrHistogram.ConcurrentHistogram(3_600_000_000L, 2);
    private final List<Fault> faults = java.util.Collections.synchronizedList(new ArrayList<>());

    /** One injected fault: its kind and when (ms since the start). */
    public record Fault(String kind, long atMillis, String detail) {}

    /**
     * Downtime of one fault: the unavailable seconds until the next fault, and after how many seconds predictions
     * flowed again at all (whatever their latency; -1: not before the next fault or the end).
     */
    public record Downtime(Fault fault, int unavailableSeconds, int flowingAgainAfterSeconds) {}

    /** The soak's result. */
    public record Report(int seconds, int availableSeconds, long sent, long committedDistinct, long lost, long duplicated,
                         List<Downtime> downtimes, long p50Micros, long p99Micros, long inJobP50Micros, long inJobP99Micros) {
        public double availability() { return seconds == 0 ? 0 : (double) availableSeconds / seconds; }
    }

    public ChaosLedger(long startMillis) { this.startMillis = startMillis; }

    public void sent(String key, long atMillis) { sentAt.put(key, atMillis); }

    /**
     * The producer gave up on appending {@code key} (its callback failed): the event never reached the topic, so it
     * is not the pipeline's to lose; counted apart.
     */
    public void appendFailed(String key) {
        if (sentAt.remove(key) != null) appendFailures.incrementAndGet();
    }

    public long appendFailures() { return appendFailures.get(); }

    /** A prediction seen uncommitted at {@code atMillis}; ignored for keys this soak did not send. */
    public void produced(String key, long atMillis) { produced(key, atMillis, -1); }

    /**
     * As above, with the prediction's own {@code latency_ms} (from the input lookup to the score), when known. Only
     * an event's first prediction counts: a recovery scores again the events after its checkpoint, and those second
     * predictions (of an aborted transaction) say nothing about how fast the event was served.
     */
    public void produced(String key, long atMillis, double inJobMillis) {
        Long sent = sentAt.get(key);
        if (sent == null || firstSeen.putIfAbsent(key, Boolean.TRUE) != null) return;
        if (inJobMillis >= 0) inJob.recordValue(Math.min(3_600_000_000L, Math.round(inJobMillis * 1000)));
        producedBySecond.computeIfAbsent((atMillis - startMillis) / 1000, s -> new Histogram(3_600_000_000L, 2))
                .recordValue(Math.max(0, atMillis - sent) * 1000);
    }

    public void committed(String key) {
        committedRecords.incrementAndGet();
        committed.merge(key, 1, Integer::sum);
    }

    public void fault(String kind, long atMillis, String detail) { faults.add(new Fault(kind, atMillis - startMillis, detail)); }

    public long sentCount() { return sentAt.size(); }

    /** The keys sent whose committed prediction has not come (yet), in send order. */
    public List<String> withoutCommittedPrediction() {
        return sentAt.entrySet().stream().filter(e -> !committed.containsKey(e.getKey()))
                .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    /** Events of this soak with a committed prediction (the warm-up's and probes' predictions are not among them). */
    public long committedDistinct() { return committed.keySet().stream().filter(sentAt::containsKey).count(); }

    /** The report over [start, start + duration), seconds whose p99 is below {@code latencyBound} being available. */
    public Report report(Duration duration, Duration latencyBound) {
        int seconds = (int) duration.toSeconds();
        long boundMicros = latencyBound.toNanos() / 1000;
        boolean[] available = new boolean[seconds];
        boolean[] flowing = new boolean[seconds];
        Histogram all = new Histogram(3_600_000_000L, 2);
        int availableSeconds = 0;
        for (int s = 0; s < seconds; s++) {
            Histogram h = producedBySecond.get((long) s);
            if (h != null) all.add(h);
            flowing[s] = h != null && h.getTotalCount() > 0;
            available[s] = h != null && h.getTotalCount() > 0 && h.getValueAtPercentile(99) < boundMicros;
            if (available[s]) availableSeconds++;
        }
        List<Fault> ordered = new ArrayList<>(faults);
        ordered.sort(java.util.Comparator.comparingLong(Fault::atMillis));
        List<Downtime> downtimes = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            int from = (int) (ordered.get(i).atMillis() / 1000);
            int to = i + 1 < ordered.size() ? (int) (ordered.get(i + 1).atMillis() / 1000) : seconds;
            int down = 0;
            int resumed = -1;
            // the fault's own second may still hold predictions from before it: flowing again counts from the next
            for (int s = Math.max(0, from); s < Math.min(to, seconds); s++) {
                if (!available[s]) down++;
                if (resumed < 0 && s > from && flowing[s]) resumed = s - from;
            }
            downtimes.add(new Downtime(ordered.get(i), down, resumed));
        }
        long lost = sentAt.keySet().stream().filter(k -> !committed.containsKey(k)).count();
        long distinct = committed.keySet().stream().filter(sentAt::containsKey).count();
        long duplicated = committed.entrySet().stream().filter(e -> sentAt.containsKey(e.getKey())).mapToLong(e -> e.getValue() - 1).sum();
        return new Report(seconds, availableSeconds, sentAt.size(), distinct, lost, duplicated, downtimes,
                all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(50), all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(99),
                inJob.getTotalCount() == 0 ? 0 : inJob.getValueAtPercentile(50), inJob.getTotalCount() == 0 ? 0 : inJob.getValueAtPercentile(99));
    }

    /** Downtime per fault kind: count, sum and max of unavailable seconds. */
    public static Map<String, int[]> byKind(Report r) {
        Map<String, int[]> out = new TreeMap<>();
        for (Downtime d : r.downtimes()) {
            int[] a = out.computeIfAbsent(d.fault().kind(), k -> new int[3]);
            a[0]++;
            a[1] += d.unavailableSeconds();
            a[2] = Math.max(a[2], d.unavailableSeconds());
        }
        return out;
    }

}
