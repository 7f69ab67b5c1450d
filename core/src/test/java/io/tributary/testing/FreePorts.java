package io.tributary.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Ports on 127.0.0.1 that nothing listens on now, for servers a test starts (another process may still take them). */
public final class FreePorts {
    private FreePorts() {}

    /** One free port. */
    public static int one() {
        return distinct(1)[0];
    }

    /** {@code n} different free ports, all held open together while they are chosen so that none repeats. */
    public static int[] distinct(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("cannot find " + n + " free ports: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // it was only a probe
                }
            }
        }
    }

    /** A port p with p..p+n-1 all free: servers that take consecutive ports (the stack's brokers and controllers). */
    public static int consecutive(int n) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 0, InetAddress.getLoopbackAddress())) {
                    s.getLocalPort();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) return base;
        }
        throw new IllegalStateException("no " + n + " consecutive free ports");
    }
}
