package io.tributary.jobs.stack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The supervisor on real short-lived processes ({@code sleep}), with the clock passed in. */
class SupervisorTest {
    @TempDir Path state;
    private final List<String> log = new ArrayList<>();
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(ProcessHandle::destroyForcibly);
        for (String s : List.of("alpha", "beta")) PidFile.read(state.resolve("pids/" + s + ".pid")).flatMap(PidFile::live)
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    private ProcessHandle launch(String service) throws Exception {
        SupervisedCommand command = new SupervisedCommand(List.of("sleep", "300"), Map.of(), state.toString(),
                state.resolve("logs/" + service + ".out").toString());
        command.write(SupervisedCommand.file(state, service));
        ProcessHandle h = command.start().toHandle();
        started.add(h);
        PidFile.write(state.resolve("pids/" + service + ".pid"), h);
        return h;
    }

    private static void kill(ProcessHandle h) throws Exception {
        h.destroyForcibly();
        h.onExit().get(10, TimeUnit.SECONDS);
    }

    private ProcessHandle current(String service) {
        return PidFile.read(state.resolve("pids/" + service + ".pid")).flatMap(PidFile::live).orElseThrow();
    }

    @Test
    void aDeadServiceIsRestartedAtOnceThenWithGrowingBackoffAndCounted() throws Exception {
        Supervisor supervisor = new Supervisor(state, RestartBackoff.DEFAULT, log::add);
        ProcessHandle first = launch("alpha");
        Instant t = Instant.now();
        supervisor.poll(t);
        assertThat(supervisor.restarts()).containsEntry("alpha", 0);

        kill(first);
        supervisor.poll(t.plusSeconds(1));
        ProcessHandle second = current("alpha");
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(SupervisorState.read(state).services().get("alpha").restarts()).isEqualTo(1);
        assertThat(log).anyMatch(l -> l.startsWith("alpha (pid " + first.pid() + ") died: exit status unknown"))
                .anyMatch(l -> l.equals("restarted alpha (pid " + second.pid() + "), restart #1"));

        // the second death within a minute waits 1 s; the supervisor started this one, so it knows the signal
        kill(second);
        supervisor.poll(t.plusSeconds(2));
        assertThat(PidFile.read(state.resolve("pids/alpha.pid")).orElseThrow().pid()).isEqualTo(second.pid());
        SupervisorState.Service waiting = SupervisorState.read(state).services().get("alpha");
        assertThat(waiting.restarting()).isTrue();
        assertThat(waiting.lastExit()).startsWith("killed by signal 9 (exit code 137)");
        supervisor.poll(t.plusSeconds(3));
        ProcessHandle third = current("alpha");
        assertThat(third.pid()).isNotIn(first.pid(), second.pid());
        assertThat(SupervisorState.read(state).services().get("alpha")).extracting(SupervisorState.Service::restarts,
                SupervisorState.Service::restarting).containsExactly(2, false);
    }

    @Test
    void aServiceWhosePidFileDownRemovedStaysStopped() throws Exception {
        Supervisor supervisor = new Supervisor(state, RestartBackoff.DEFAULT, log::add);
        ProcessHandle alpha = launch("alpha");
        ProcessHandle beta = launch("beta");
        supervisor.poll(Instant.now());
        kill(alpha);
        Files.delete(state.resolve("pids/alpha.pid")); // what down does after stopping a service
        kill(beta);
        supervisor.poll(Instant.now());
        assertThat(state.resolve("pids/alpha.pid")).doesNotExist();
        assertThat(current("beta").pid()).isNotEqualTo(beta.pid());
        assertThat(supervisor.restarts()).containsEntry("alpha", 0).containsEntry("beta", 1);
    }

    @Test
    void noRestartWhileUpOrDownHoldsTheStackLock() throws Exception {
        Supervisor supervisor = new Supervisor(state, RestartBackoff.DEFAULT, log::add);
        ProcessHandle alpha = launch("alpha");
        kill(alpha);
        // file locks belong to processes: another JVM holds the stack's lock, as `up` would
        Path holderSource = state.resolve("HoldLock.java");
        Files.writeString(holderSource, "public class HoldLock { public static void main(String[] a) throws Exception {"
                + " var ch = java.nio.channels.FileChannel.open(java.nio.file.Path.of(a[0]), java.nio.file.StandardOpenOption.CREATE,"
                + " java.nio.file.StandardOpenOption.WRITE); ch.lock(); System.out.println(\"locked\"); Thread.sleep(60_000); } }");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, holderSource.toString(), state.resolve(".lock").toString()).start();
        started.add(holder.toHandle());
        assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine()).isEqualTo("locked");
        supervisor.poll(Instant.now());
        assertThat(supervisor.restarts()).containsEntry("alpha", 0);
        holder.destroyForcibly().waitFor();
        supervisor.poll(Instant.now());
        assertThat(supervisor.restarts()).containsEntry("alpha", 1);
    }

    @Test
    void statusShowsRestartCountsAndRestartingFromTheSupervisorsReport() throws Exception {
        StackSettings settings = StackSettings.from(io.tributary.core.config.TributaryConfig.load(null, List.of(
                "stack.dir=" + state, "stack.supervisor=true")), Path.of(System.getProperty("tributary.root", "..")));
        // this JVM stands in for a live supervisor; redis's recorded process is dead
        PidFile.write(state.resolve("pids/supervisor.pid"), ProcessHandle.current());
        ProcessHandle dead = launch("redis");
        kill(dead);
        new SupervisorState(Instant.now(), Map.of("redis", new SupervisorState.Service(3, true, "exit code 1"))).write(state);
        assertThat(new LocalStack(settings).status()).filteredOn(s -> s.service().equals("redis")).singleElement()
                .satisfies(s -> {
                    assertThat(s.state()).isEqualTo("restarting");
                    assertThat(s.restarts()).isEqualTo(3);
                });
        Files.delete(state.resolve("pids/supervisor.pid"));
        assertThat(new LocalStack(settings).status()).filteredOn(s -> s.service().equals("redis")).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo("stopped (stale pid file)"));
    }

    @Test
    void backoffIsZeroThenDoublesFromOneSecondUpToThirty() {
        RestartBackoff b = RestartBackoff.DEFAULT;
        assertThat(List.of(b.delay(0), b.delay(1), b.delay(2), b.delay(3), b.delay(5), b.delay(6), b.delay(40)))
                .containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                        Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
}
