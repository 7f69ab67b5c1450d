package io.tributary.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster of three masters (redis-server processes with cluster mode on, joined by
 * {@code redis-cli --cluster create}), on free ports of 127.0.0.1, shared by the tests of one class.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final List<Process> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("tributary-redis-cluster");
        Random rnd = new Random();
        while (ports.size() < 3) {
            int p = 20000 + rnd.nextInt(20000);
            // the cluster bus listens on port + 10000
            if (!ports.contains(p) && free(p) && free(p + 10000)) ports.add(p);
        }
        for (int p : ports) {
            Path d = Files.createDirectories(dir.resolve(String.valueOf(p)));
            nodes.add(new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(p),
                    "--cluster-enabled", "yes", "--cluster-config-file", d.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no", "--dir", d.toString())
                    .redirectErrorStream(true).redirectOutput(d.resolve("out.log").toFile()).start());
        }
        for (int p : ports) awaitOutput(List.of("redis-cli", "-p", String.valueOf(p), "PING"), "PONG", 10);
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int p : ports) create.add("127.0.0.1:" + p);
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
        // every node must agree, not just one (waiting for one gave CLUSTERDOWN on another)
        for (int port : ports) awaitOutput(List.of("redis-cli", "-p", String.valueOf(port), "CLUSTER", "INFO"), "cluster_state:ok", 30);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Process p : nodes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    public String uri() {
        StringBuilder sb = new StringBuilder("redis-cluster://");
        for (int i = 0; i < ports.size(); i++) sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(ports.get(i));
        return sb.toString();
    }

    private static void awaitOutput(List<String> cmd, String expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String out = "";
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            if (out.contains(expected)) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException(String.join(" ", cmd) + " never printed " + expected + "; last: " + out);
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
