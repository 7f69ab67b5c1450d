package io.tributary.jobs.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** What the supervisor last reported, per service: restart count, whether it is restarting, the last exit reason. */
record SupervisorState(Instant heartbeat, Map<String, Service> services) {
    record Service(int restarts, boolean restarting, String lastExit) {}

    static Path file(Path stateDir) { return SupervisedCommand.dir(stateDir).resolve("state.properties"); }

    void write(Path stateDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("heartbeat", String.valueOf(heartbeat.toEpochMilli()));
        services.forEach((name, s) -> {
            p.setProperty(name + ".restarts", String.valueOf(s.restarts()));
            p.setProperty(name + ".restarting", String.valueOf(s.restarting()));
            p.setProperty(name + ".last-exit", s.lastExit());
        });
        Path file = file(stateDir);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("state.properties.tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "written by the supervisor about once a second");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last report, or an empty one (heartbeat at the epoch) when there is none. */
    static SupervisorState read(Path stateDir) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file(stateDir), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            return new SupervisorState(Instant.EPOCH, Map.of());
        }
        Map<String, Service> services = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.endsWith(".restarts")) continue;
            String name = key.substring(0, key.length() - ".restarts".length());
            services.put(name, new Service(Integer.parseInt(p.getProperty(key, "0")),
                    Boolean.parseBoolean(p.getProperty(name + ".restarting")), p.getProperty(name + ".last-exit", "")));
        }
        return new SupervisorState(Instant.ofEpochMilli(Long.parseLong(p.getProperty("heartbeat", "0"))), services);
    }
}
