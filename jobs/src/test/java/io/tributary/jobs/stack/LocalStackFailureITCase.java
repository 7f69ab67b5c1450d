package io.tributary.jobs.stack;

import io.tributary.core.config.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local stack's failure modes, on real processes: a port in use, a service that dies while starting. */
class LocalStackFailureITCase {
    private static StackSettings settings(Path state, int kafkaPort, int redisPort) throws Exception {
        Path root = Path.of(System.getProperty("tributary.root"));
        return StackSettings.from(TributaryConfig.load(null, List.of("stack.dir=" + state,
                "stack.kafka.port=" + kafkaPort, "stack.kafka.controller-port=" + free(),
                "stack.redis.port=" + redisPort)), root);
    }

    @Test
    void aPortInUseIsNamedWithTheKeyThatChangesIt(@TempDir Path state) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            LocalStack stack = new LocalStack(settings(state, free(), taken.getLocalPort()));
            assertThatThrownBy(() -> stack.up(List.of("redis"), m -> { }))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1, needed by redis, is in use")
                    .hasMessageContaining("-D stack.redis.port=<port>");
        }
    }

    @Test
    void aServiceThatDiesWhileStartingIsReportedWithTheTailOfItsLog(@TempDir Path state) throws Exception {
        LocalStack stack = new LocalStack(settings(state, free(), free()));
        // a broken storage directory: the broker starts, fails to load it, and exits
        Path data = state.resolve("kafka/data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("meta.properties"), "version=1\nnode.id=999\ncluster.id=broken\n");
        assertThatThrownBy(() -> stack.up(List.of("kafka"), m -> { }))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("kafka died while starting.")
                .hasMessageContaining("--- last ");
        assertThat(stack.status()).filteredOn(s -> s.service().equals("kafka")).allMatch(s -> s.state().equals("stopped"));
    }

    @Test
    void unknownServicesAreRejected(@TempDir Path state) throws Exception {
        LocalStack stack = new LocalStack(settings(state, free(), free()));
        assertThatThrownBy(() -> stack.up(List.of("postgres"), m -> { }))
                .hasMessage("unknown service 'postgres'; services are " + stack.services());
    }

    private static int free() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
