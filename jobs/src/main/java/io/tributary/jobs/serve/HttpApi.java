package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Open Inference Protocol's REST endpoints and the online features endpoint, on Vert.x core. Handlers that wait
 * (Redis, a model's first request) run on Vert.x worker threads; an infer request holds no thread while it waits
 * for its predictions.
 */
final class HttpApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;
    private final InferenceGateway gateway;
    private final OnlineFeatures features;
    private final int maxBodyBytes;

    HttpApi(InferenceGateway gateway, OnlineFeatures features, String host, int port, int maxBodyBytes) throws Exception {
        this.gateway = gateway;
        this.features = features;
        this.maxBodyBytes = maxBodyBytes;
        this.vertx = Vertx.vertx();
        this.server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(port, host).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            vertx.close();
            throw new IllegalStateException("cannot listen for HTTP on " + host + ":" + port + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    int port() { return server.actualPort(); }

    private void handle(HttpServerRequest req) {
        String[] p = req.path().replaceAll("/+$", "").split("/");
        // p[0] is "" (the path starts with '/')
        try {
            if (req.method() == HttpMethod.POST && req.path().equals("/get-online-features")) {
                onlineFeatures(req);
            } else if (p.length >= 2 && p[1].equals("v2")) {
                v2(req, p);
            } else {
                throw ServeException.notFound("no endpoint " + req.method() + " " + req.path());
            }
        } catch (ServeException e) {
            fail(req, e);
        }
    }

    private void v2(HttpServerRequest req, String[] p) {
        boolean get = req.method() == HttpMethod.GET;
        if (p.length == 2 && get) {
            ObjectNode meta = JSON.createObjectNode().put("name", "tributary").put("version", ServeServer.VERSION);
            meta.putArray("extensions");
            reply(req, 200, meta);
        } else if (p.length == 4 && get && p[2].equals("health") && p[3].equals("live")) {
            reply(req, 200, JSON.createObjectNode().put("live", true));
        } else if (p.length == 4 && get && p[2].equals("health") && p[3].equals("ready")) {
            boolean ready = gateway.ready();
            reply(req, ready ? 200 : 400, JSON.createObjectNode().put("ready", ready));
        } else if (p.length >= 4 && p[2].equals("models")) {
            String model = p[3];
            String version = null;
            int rest = 4;
            if (p.length >= 6 && p[4].equals("versions")) {
                version = p[5];
                rest = 6;
            }
            String action = p.length == rest ? "" : (p.length == rest + 1 ? p[rest] : null);
            if (get && "".equals(action)) {
                reply(req, 200, metadata(gateway.metadata(model, version)));
            } else if (get && "ready".equals(action)) {
                boolean ready = gateway.modelReady(model, version);
                reply(req, ready ? 200 : 400, JSON.createObjectNode().put("name", model).put("ready", ready));
            } else if (req.method() == HttpMethod.POST && "infer".equals(action)) {
                infer(req, model, version);
            } else {
                throw ServeException.notFound("no endpoint " + req.method() + " " + req.path());
            }
        } else {
            throw ServeException.notFound("no endpoint " + req.method() + " " + req.path());
        }
    }

    private void infer(HttpServerRequest req, String model, String version) {
        Context context = vertx.getOrCreateContext();
        body(req).onFailure(e -> fail(req, e))
                .onSuccess(buffer -> vertx.executeBlocking(() -> {
                    JsonNode body = parse(buffer.getBytes());
                    String clientId = body.hasNonNull("id") ? body.get("id").asText() : null;
                    return gateway.infer(model, version, clientId, InputTensor.fromJson(body));
                }, false).onFailure(e -> fail(req, e)).onSuccess(answer -> answer.whenComplete((result, e) -> context.runOnContext(v -> {
                    if (e != null) fail(req, e);
                    else reply(req, 200, inferResponse(result));
                }))));
    }

    private void onlineFeatures(HttpServerRequest req) {
        body(req).onFailure(e -> fail(req, e))
                .onSuccess(buffer -> vertx.executeBlocking(() -> features.get(parse(buffer.getBytes())), false)
                        .onSuccess(out -> reply(req, 200, out)).onFailure(e -> fail(req, e)));
    }

    /**
     * The request's body, at most {@code serve.max-body-bytes}: a larger one fails with TOO_LARGE as soon as its
     * Content-Length or its bytes so far exceed the limit, and the rest is not kept (the connection closes).
     */
    private Future<Buffer> body(HttpServerRequest req) {
        Promise<Buffer> result = Promise.promise();
        String declared = req.getHeader("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > maxBodyBytes) {
            result.fail(tooLarge(declared + " bytes"));
            return result.future();
        }
        Buffer body = Buffer.buffer();
        req.handler(chunk -> {
            if (result.future().isComplete()) return;
            if (body.length() + chunk.length() > maxBodyBytes) result.tryFail(tooLarge("more than " + maxBodyBytes + " bytes"));
            else body.appendBuffer(chunk);
        });
        req.endHandler(v -> result.tryComplete(body));
        req.exceptionHandler(e -> result.tryFail(new ServeException(ServeException.Kind.INVALID, "cannot read the body: " + e.getMessage())));
        return result.future();
    }

    private ServeException tooLarge(String size) {
        return new ServeException(ServeException.Kind.TOO_LARGE, "the request body has " + size + "; at most " + maxBodyBytes
                + " are accepted (serve.max-body-bytes): send fewer rows per request");
    }

    static ObjectNode metadata(InferenceGateway.ModelMetadata m) {
        ObjectNode out = JSON.createObjectNode().put("name", m.name());
        ArrayNode versions = out.putArray("versions");
        m.versions().forEach(versions::add);
        out.put("platform", m.platform());
        tensors(out.putArray("inputs"), m.signature().inputs());
        tensors(out.putArray("outputs"), m.signature().outputs());
        return out;
    }

    private static void tensors(ArrayNode into, List<ModelSignature.Tensor> tensors) {
        for (ModelSignature.Tensor t : tensors) {
            ObjectNode n = into.addObject().put("name", t.name()).put("datatype", t.datatype());
            ArrayNode shape = n.putArray("shape");
            t.shape().forEach(shape::add);
        }
    }

    static ObjectNode inferResponse(InferenceGateway.InferResult r) {
        ObjectNode out = JSON.createObjectNode().put("model_name", r.model()).put("model_version", r.modelVersion())
                .put("id", r.clientId() != null ? r.clientId() : r.requestId());
        out.putObject("parameters").put("request_id", r.requestId());
        ArrayNode outputs = out.putArray("outputs");
        for (InferOutputs.Tensor t : InferOutputs.of(r)) {
            ObjectNode o = outputs.addObject().put("name", t.name()).put("datatype", t.datatype());
            ArrayNode shape = o.putArray("shape");
            t.shape().forEach(shape::add);
            ArrayNode data = o.putArray("data");
            if (t.fp64() != null) for (double v : t.fp64()) {
                if (Double.isNaN(v)) data.addNull();
                else data.add(v);
            }
            if (t.int64() != null) for (long v : t.int64()) data.add(v);
            if (t.bytes() != null) for (String v : t.bytes()) data.add(v);
        }
        return out;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null) throw ServeException.invalid("the request body is empty; send a JSON object");
            return n;
        } catch (IOException e) {
            throw ServeException.invalid("the request body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void fail(HttpServerRequest req, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        ServeException se = e instanceof ServeException s ? s : new ServeException(ServeException.Kind.UNAVAILABLE, String.valueOf(e.getMessage()));
        if (se.kind() == ServeException.Kind.OVERLOADED) req.response().putHeader("Retry-After", "1");
        if (se.kind() == ServeException.Kind.UNAVAILABLE && se.getMessage().startsWith("the gateway is stopping")) {
            req.response().putHeader("Retry-After", "1");
        }
        if (se.kind() == ServeException.Kind.TOO_LARGE && !req.response().ended()) {
            // the rest of the body is not read: the connection cannot carry another request
            req.response().setStatusCode(se.httpStatus()).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                    .end(JSON.createObjectNode().put("error", se.getMessage()).toString()).onComplete(v -> req.connection().close());
            return;
        }
        reply(req, se.httpStatus(), JSON.createObjectNode().put("error", se.getMessage()));
    }

    private static void reply(HttpServerRequest req, int status, JsonNode body) {
        if (req.response().ended()) return;
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    /** Closes gracefully: no new connections, and each exchange in progress ends with its response written. */
    @Override
    public void close() throws Exception {
        try {
            server.shutdown(5, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            closeVertx();
        }
    }

    private void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
