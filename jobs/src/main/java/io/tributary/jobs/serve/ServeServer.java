package io.tributary.jobs.serve;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * {@code tributary serve}: the Open Inference Protocol over HTTP (Vert.x core) and gRPC (grpc-java), and online
 * features over HTTP, in one process bound to 127.0.0.1 (like the local stack).
 */
public final class ServeServer implements AutoCloseable {
    static final String VERSION = "0.1.0";
    private static final String HOST = "127.0.0.1";

    private final InferenceGateway gateway;
    private final OnlineFeatures features;
    private final HttpApi http;
    private final Server grpc;

    private ServeServer(InferenceGateway gateway, OnlineFeatures features, HttpApi http, Server grpc) {
        this.gateway = gateway;
        this.features = features;
        this.http = http;
        this.grpc = grpc;
    }

    /** Starts both servers (port 0: a free port); fails with a message naming the port that is taken. */
    public static ServeServer start(ServeSettings settings) throws Exception {
        InferenceGateway gateway = new InferenceGateway(settings);
        OnlineFeatures features = new OnlineFeatures(settings);
        HttpApi http = null;
        try {
            http = new HttpApi(gateway, features, HOST, settings.httpPort(), settings.maxBodyBytes());
            Server grpc;
            try {
                grpc = NettyServerBuilder.forAddress(new InetSocketAddress(HOST, settings.grpcPort()))
                        .maxInboundMessageSize(settings.maxBodyBytes())
                        .addService(new GrpcApi(gateway)).build().start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot listen for gRPC on " + HOST + ":" + settings.grpcPort() + ": " + e.getMessage(), e);
            }
            return new ServeServer(gateway, features, http, grpc);
        } catch (Exception e) {
            if (http != null) http.close();
            features.close();
            gateway.close();
            throw e;
        }
    }

    public int httpPort() { return http.port(); }

    public int grpcPort() { return grpc.getPort(); }

    public void awaitTermination() throws InterruptedException { grpc.awaitTermination(); }

    /**
     * Stops gracefully: new requests are refused with UNAVAILABLE while every accepted one is answered (or times
     * out), then both servers close.
     */
    @Override
    public void close() throws Exception {
        System.err.println(java.time.Instant.now() + " serve: stopping: answering the " + gateway.accepted() + " requests accepted first");
        int unanswered = gateway.drain();
        if (unanswered > 0) System.err.println("serve: stopping with " + unanswered + " requests unanswered (their predictions are still logged)");
        grpc.shutdown();
        if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) grpc.shutdownNow();
        http.close();
        features.close();
        gateway.close();
        System.err.println(java.time.Instant.now() + " serve: stopped");
    }
}
