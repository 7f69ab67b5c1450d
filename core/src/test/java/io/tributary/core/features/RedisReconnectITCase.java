package io.tributary.core.features;

import io.tributary.testing.FreePorts;
import io.tributary.core.redis.RedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A redis-server killed with SIGKILL and started again on the same port: lookups through {@link FeatureStoreClient}
 * fail fast while it is down and succeed again soon after it is back. Prints the time from "Redis answers PING again"
 * to "the first lookup succeeds" for several kills; asserts only that lookups recover (the figure depends on load).
 */
class RedisReconnectITCase {
    private static final int KILLS = 5;
    private static final Duration DOWN = Duration.ofMillis(1500);
    private final FeatureViewInfo view = OnlineStoreContract.ORIGIN;
    private Path dir;
    private int port;
    private Process redis;

    @AfterEach
    void stop() throws InterruptedException {
        if (redis != null) {
            redis.destroyForcibly();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard, not a speed assertion: the times are printed
    void lookupsFailFastWhileRedisIsDownAndSucceedSoonAfterItIsBack() throws Exception {
        dir = Files.createTempDirectory("tributary-redis-reconnect");
        port = FreePorts.one();
        startRedis();
        List<Long> recoveryMillis = new ArrayList<>();
        try (FeatureStoreClient client = new FeatureStoreClient(uri(), "tributary", List.of(view))) {
            seed();
            assertThat(lookup(client).status()).isEqualTo(FeatureStatus.PRESENT);
            for (int i = 0; i < KILLS; i++) {
                redis.destroyForcibly(); // SIGKILL: no goodbye to clients
                assertThat(redis.waitFor(10, TimeUnit.SECONDS)).isTrue();

                // down long enough for the reconnect backoff to reach its cap; every lookup meanwhile is refused as unavailable
                // (how fast is printed below, not asserted)
                long failMillis = 0;
                for (long downUntil = System.nanoTime() + DOWN.toNanos(); System.nanoTime() < downUntil; Thread.sleep(100)) {
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> lookup(client)).isInstanceOf(OnlineStoreUnavailableException.class)
                            .hasMessageContaining("Redis at " + uri());
                    failMillis = Math.max(failMillis, (System.nanoTime() - t0) / 1_000_000);
                }

                startRedis(); // same port, empty: no persistence
                long ready = System.nanoTime();
                FeatureValue v = null;
                while (v == null) {
                    try {
                        v = lookup(client);
                    } catch (OnlineStoreUnavailableException stillReconnecting) {
                        Thread.sleep(2); // a client that never reconnects hangs here until the test's @Timeout

                    }
                }
                long recovered = (System.nanoTime() - ready) / 1_000_000;
                recoveryMillis.add(recovered);
                assertThat(v.status()).isEqualTo(FeatureStatus.NOT_FOUND); // the restarted Redis is empty
                seed();
                assertThat(lookup(client).status()).isEqualTo(FeatureStatus.PRESENT);
                System.out.printf("redis reconnect: kill %d: lookups failed within %d ms while down; first successful lookup %d ms after redis-server answered PING%n",
                        i + 1, failMillis, recovered);
            }
        }
        System.out.println("redis reconnect: ms from PING to first successful lookup over " + KILLS + " kills: " + recoveryMillis);
        assertThat(recoveryMillis).hasSize(KILLS);
    }

    private FeatureValue lookup(FeatureStoreClient client) {
        Map<String, FeatureValue> row = client.getOnlineFeatures(List.of("origin_1h:departures"),
                List.of(Map.of("origin", "ORD")), Instant.ofEpochMilli(OnlineStoreContract.NOW)).get(0);
        return row.get("origin_1h:departures");
    }

    private void seed() throws Exception {
        try (RedisConnection r = RedisConnection.connect(uri())) {
            assertThat(OnlineStoreContract.write(r, "origin_1h", "ORD", OnlineStoreContract.NOW - OnlineStoreContract.HOUR, 10,
                    "departures", "10")).isEqualTo(1);
        }
    }

    private String uri() { return "redis://127.0.0.1:" + port; }

    private void startRedis() throws Exception {
        redis = new ProcessBuilder(List.of("redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        while (!ping()) {
            assertThat(redis.isAlive()).as("redis-server runs (log: %s)", dir).isTrue();
            Thread.sleep(1);
        }
    }

    private boolean ping() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
