package io.tributary.jobs.stack;

import io.tributary.core.config.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What up writes for ZooKeeper, Flink HA and a 3-node Kafka quorum, and how the stack's layout is decided. */
class StackConfigurationTest {
    private static final Path ROOT = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();

    private static StackSettings settings(Path state, String... keys) {
        List<String> overrides = new ArrayList<>(List.of("stack.dir=" + state, "stack.kafka.port=29092",
                "stack.kafka.controller-port=29093", "stack.flink.rpc-port=26123", "stack.zookeeper.port=22181"));
        overrides.addAll(List.of(keys));
        return StackSettings.from(TributaryConfig.load(null, overrides), ROOT);
    }

    @Test
    void zooCfgServesOnLoopbackFromTheStateDirectoryWithoutTheAdminServer(@TempDir Path state) throws Exception {
        Properties cfg = new Properties();
        cfg.load(new java.io.StringReader(ZooKeeperService.zooCfg(settings(state))));
        assertThat(cfg).containsEntry("clientPort", "22181").containsEntry("clientPortAddress", "127.0.0.1")
                .containsEntry("dataDir", state.resolve("zookeeper/data").toString())
                .containsEntry("admin.enableServer", "false");
        // Flink's 10 s session must be within the server's bounds, or the server silently changes it
        assertThat(Integer.parseInt(cfg.getProperty("minSessionTimeout"))).isLessThanOrEqualTo(10_000);
        assertThat(Integer.parseInt(cfg.getProperty("maxSessionTimeout"))).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void theClusterRunsWithZooKeeperHaOnlyWhenTheLayoutSaysSo(@TempDir Path state) throws Exception {
        StackSettings ha = settings(state, "stack.ha=zookeeper");
        assertThat(FlinkConf.haKeys(ha)).containsEntry("high-availability.type", "zookeeper")
                .containsEntry("high-availability.zookeeper.quorum", "127.0.0.1:22181")
                .containsEntry("high-availability.storageDir", state.resolve("flink/ha").toUri().toString())
                .containsEntry("high-availability.cluster-id", "/tributary")
                .containsEntry("high-availability.jobmanager.port", "26123");
        assertThat(FlinkConf.haKeys(settings(state, "stack.ha=none"))).isEmpty();

        FlinkConf.write(ha);
        String yaml = Files.readString(ha.flinkConfDir().resolve("config.yaml"));
        assertThat(yaml).contains("high-availability.type: zookeeper", "high-availability.cluster-id: /tributary",
                "heartbeat.interval: 2s", "high-availability.zookeeper.client.session-timeout: 10s");
    }

    @Test
    void threeKafkaNodesFormOneQuorumWithReplicationThreeAndMinIsrTwo(@TempDir Path state) throws Exception {
        StackSettings s = settings(state, "stack.kafka.brokers=3");
        Properties node2 = new Properties();
        node2.load(new java.io.StringReader(KafkaBrokerService.serverProperties(s, 2)));
        assertThat(node2).containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:29093,2@127.0.0.1:29095,3@127.0.0.1:29097")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:29094,CONTROLLER://127.0.0.1:29095")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:29094")
                .containsEntry("log.dirs", state.resolve("kafka-2/data").toString())
                .containsEntry("default.replication.factor", "3").containsEntry("min.insync.replicas", "2")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("broker.session.timeout.ms", "4000");
        assertThat(s.kafkaBootstrap()).isEqualTo("127.0.0.1:29092,127.0.0.1:29094,127.0.0.1:29096");
        assertThat(new LocalStack(s).services()).containsSubsequence("kafka", "kafka-2", "kafka-3", "redis");

        Properties single = new Properties();
        single.load(new java.io.StringReader(KafkaBrokerService.serverProperties(settings(state), 1)));
        assertThat(single).containsEntry("controller.quorum.voters", "1@127.0.0.1:29093")
                .containsEntry("default.replication.factor", "1").containsEntry("min.insync.replicas", "1");
    }

    @Test
    void layoutKeysWinOverTheRecordedLayoutWhichWinsOverTheFallback(@TempDir Path state) throws Exception {
        assertThat(settings(state).layout()).isEqualTo(StackLayout.MINIMAL);
        assertThat(StackSettings.from(TributaryConfig.load(null, List.of("stack.dir=" + state)), ROOT, StackLayout.RESILIENT)
                .layout()).isEqualTo(StackLayout.RESILIENT);
        new StackLayout(3, 2, true, true).record(state);
        // status and down without any flag see what the last up ran
        assertThat(settings(state).layout()).isEqualTo(new StackLayout(3, 2, true, true));
        assertThat(settings(state, "stack.flink.taskmanagers=1", "stack.ha=none").layout())
                .isEqualTo(new StackLayout(3, 1, false, true));
        assertThat(new LocalStack(settings(state)).services()).containsExactly("zookeeper", "kafka", "kafka-2", "kafka-3",
                "redis", "jobmanager", "taskmanager", "taskmanager-2", "sql-gateway", "supervisor");
        assertThat(new LocalStack(settings(state, "stack.kafka.brokers=1", "stack.flink.taskmanagers=1",
                "stack.ha=none", "stack.supervisor=false")).services()).containsExactlyElementsOf(LocalStack.SERVICES);
        // the default of up: the serving gateway after the SQL Gateway, on the serve.* ports
        StackSettings resilient = StackSettings.from(TributaryConfig.load(null, List.of("stack.dir=" + state, "stack.serve=",
                "serve.http.port=28090", "serve.grpc.port=28091")), ROOT, StackLayout.RESILIENT);
        assertThat(resilient.layout().serving()).isFalse(); // recorded by the last up, which did not serve
        StackSettings serving = StackSettings.from(TributaryConfig.load(null, List.of("stack.dir=" + state, "stack.serve=true",
                "serve.http.port=28090", "serve.grpc.port=28091")), ROOT, StackLayout.RESILIENT);
        assertThat(new LocalStack(serving).services()).endsWith("sql-gateway", "serve", "supervisor");
        assertThat(serving.serveHttpUrl()).isEqualTo("http://127.0.0.1:28090");
        assertThat(serving.serveGrpcPort()).isEqualTo(28091);
        assertThatThrownBy(() -> settings(state, "stack.serve=yes")).hasMessage("stack.serve must be true or false, got 'yes'");
    }

    @Test
    void aWrongLayoutValueNamesTheKeyAndTheFix(@TempDir Path state) {
        assertThatThrownBy(() -> settings(state, "stack.kafka.brokers=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stack.kafka.brokers must be 1 or 3 (a KRaft quorum needs a majority), got 2: "
                        + "use -D stack.kafka.brokers=3 or up --brokers 3");
        assertThatThrownBy(() -> settings(state, "stack.ha=etcd")).hasMessage("stack.ha must be zookeeper or none, got 'etcd'");
        assertThatThrownBy(() -> settings(state, "stack.flink.taskmanagers=0"))
                .hasMessageStartingWith("stack.flink.taskmanagers must be between 1 and 8, got 0");
    }

    @Test
    void kafkaDataOfOneBrokerIsNotReusedForThree(@TempDir Path state) throws Exception {
        Files.createDirectories(state.resolve("kafka/data"));
        Files.writeString(state.resolve("kafka/data/meta.properties"), "node.id=1\n");
        assertThatThrownBy(() -> KafkaBrokerService.checkFormattedFor(settings(state, "stack.kafka.brokers=3")))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("belongs to a cluster of 1 broker(s), not 3")
                .hasMessageContaining("./tributary down --purge");
        KafkaBrokerService.checkFormattedFor(settings(state, "stack.kafka.brokers=1"));
    }

    @Test
    void taskManagersAreFoundByTheirResourceIdInTheRestResponse() {
        String json = "{\"taskmanagers\":[{\"id\":\"taskmanager\",\"slotsNumber\":4},{\"id\":\"taskmanager-2\"}]}";
        assertThat(FlinkProcessService.registeredTaskManagers(json)).containsExactly("taskmanager", "taskmanager-2");
        assertThat(FlinkProcessService.registeredTaskManagers("<html>")).isEmpty();
    }
}
