package io.tributary.jobs.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A standalone ZooKeeper server (3.9.5 from Maven jars) holding the Flink cluster's HA metadata. */
final class ZooKeeperService implements LocalService {
    private final StackSettings s;

    ZooKeeperService(StackSettings settings) { this.s = settings; }

    @Override public String name() { return "zookeeper"; }

    @Override public List<PortClaim> ports() { return List.of(new PortClaim(s.zookeeperPort(), "stack.zookeeper.port")); }

    private Path dir() { return s.stateDir().resolve("zookeeper"); }

    @Override
    public void prepare(ServiceContext ctx) throws IOException {
        Files.createDirectories(dir().resolve("data"));
        Files.writeString(dir().resolve("zoo.cfg"), zooCfg(s), StandardCharsets.UTF_8);
        Files.writeString(dir().resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO", "rootLogger.appenderRef.stdout.ref = STDOUT",
                "appender.stdout.name = STDOUT", "appender.stdout.type = Console",
                "appender.stdout.layout.type = PatternLayout", "appender.stdout.layout.pattern = [%d] %p %m (%c)%n", ""),
                StandardCharsets.UTF_8);
    }

    /** zoo.cfg of a single standalone server on loopback, data in the state directory. */
    static String zooCfg(StackSettings s) {
        return String.join("\n",
                "# written by ./tributary up",
                "tickTime=1000",
                "dataDir=" + s.stateDir().resolve("zookeeper/data"),
                "clientPort=" + s.zookeeperPort(),
                "clientPortAddress=127.0.0.1",
                "maxClientCnxns=0",
                // Flink asks for a short session (flink-conf/config.yaml): allow 2 s to 60 s
                "minSessionTimeout=2000",
                "maxSessionTimeout=60000",
                // the AdminServer would take port 8080
                "admin.enableServer=false",
                "4lw.commands.whitelist=ruok,srvr,stat",
                "autopurge.snapRetainCount=3",
                "autopurge.purgeInterval=1",
                "");
    }

    @Override
    public List<String> command(ServiceContext ctx) {
        return List.of(ctx.javaBinary().toString(), "-Xms64m", "-Xmx256m",
                "-Dlog4j2.configurationFile=" + dir().resolve("log4j2.properties"),
                "-Dzookeeper.jmx.log4j.disable=true",
                "-cp", ctx.classpaths().zookeeper(ctx.log()),
                "org.apache.zookeeper.server.ZooKeeperServerMain", dir().resolve("zoo.cfg").toString());
    }

    @Override public Path logFile(ServiceContext ctx) { return s.logs().resolve("zookeeper.out"); }

    /** Ready when the server answers the four-letter {@code srvr} command as a serving standalone server. */
    @Override
    public boolean isReady(ServiceContext ctx) {
        return fourLetter(s.zookeeperPort(), "srvr").contains("Mode: standalone");
    }

    static String fourLetter(int port, String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    @Override public Duration startTimeout() { return Duration.ofSeconds(60); }
}
