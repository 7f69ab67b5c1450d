package io.tributary.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, printed with every benchmark table: a figure means little without it. */
final class LoadAverage {
    private LoadAverage() {}

    /** "1-min / 5-min / 15-min" from /proc/loadavg, or the JVM's 1-minute figure where there is none. */
    static String now() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f (1 min)", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
