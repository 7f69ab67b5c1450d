package io.tributary.jobs.cli;

import io.tributary.jobs.serve.ServeServer;
import io.tributary.jobs.serve.ServeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve models over the Open Inference Protocol (KServe V2) on HTTP and gRPC, and online features on HTTP.",
                "Infer requests are scored by the model's scoring job, deployed with --events requests.<model> (see README, Serving over REST and gRPC).",
                "Runs until stopped (Ctrl-C)."})
final class ServeCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(names = "--http-port", description = "HTTP port (default: serve.http.port, 8090)")
    Integer httpPort;

    @Option(names = "--grpc-port", description = "gRPC port (default: serve.grpc.port, 8091)")
    Integer grpcPort;

    @Override
    public Integer call() throws Exception {
        if (httpPort != null) CliArguments.port("--http-port", httpPort);
        if (grpcPort != null) CliArguments.port("--grpc-port", grpcPort);
        ServeSettings settings = ServeSettings.from(options.config());
        settings = settings.withPorts(httpPort != null ? httpPort : settings.httpPort(), grpcPort != null ? grpcPort : settings.grpcPort());
        ServeServer server;
        try {
            server = ServeServer.start(settings);
        } catch (IllegalStateException e) {
            throw new TributaryCommand.UserError(e.getMessage()
                    + (e.getMessage().contains("Kafka") ? " (is the stack up? ./tributary up)" : " (choose another with --http-port / --grpc-port)"));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e.getMessage());
            }
        }, "serve-shutdown"));
        System.out.println("serving: HTTP http://127.0.0.1:" + server.httpPort() + " (/v2/..., /get-online-features), gRPC 127.0.0.1:"
                + server.grpcPort() + " (inference.GRPCInferenceService); Kafka " + settings.bootstrapServers() + ", Redis " + settings.redisUri());
        server.awaitTermination();
        return 0;
    }
}
