package io.tributary.jobs.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.HdrHistogram.Histogram;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Stop-the-world collections of this JVM while started, in µs, from the collectors' notifications. A benchmark that
 * runs Flink's MiniCluster in-process sees the job's pauses here; concurrent cycles (which do not stop the job) are left
 * out.
 */
final class GcPauses implements NotificationListener {
    private final Histogram pauses = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);

    void start() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) emitter.addNotificationListener(this, null, null);
        }
    }

    void stop() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(this);
                } catch (ListenerNotFoundException notStarted) {
                    // stop() without start(): nothing to remove
                }
            }
        }
    }

    /** A copy of the pauses recorded so far. */
    synchronized Histogram pauses() {
        return pauses.copy();
    }

    @Override
    public synchronized void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        // G1 and Parallel report pauses; ZGC and G1's concurrent cycles ("Cycles", "Concurrent") do not stop the job
        String name = info.getGcName();
        if (name.contains("Concurrent") || name.contains("Cycles") || info.getGcCause().contains("No GC")) return;
        pauses.recordValue(Math.max(0, info.getGcInfo().getDuration() * 1000));
    }
}
