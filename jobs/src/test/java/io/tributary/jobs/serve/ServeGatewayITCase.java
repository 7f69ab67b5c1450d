package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.core.features.FeatureRegistry;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.topic.TopicNames;
import io.tributary.inference.ScoringJob;
import io.tributary.inference.input.InputFeature;
import io.tributary.inference.model.OnnxModel;
import io.tributary.inference.score.ScoringConfig;
import io.tributary.jobs.serve.v2.GRPCInferenceServiceGrpc;
import io.tributary.jobs.serve.v2.InferTensorContents;
import io.tributary.jobs.serve.v2.ModelInferRequest;
import io.tributary.jobs.serve.v2.ModelInferResponse;
import io.tributary.jobs.serve.v2.ModelMetadataRequest;
import io.tributary.jobs.serve.v2.ModelMetadataResponse;
import io.tributary.jobs.serve.v2.ServerReadyRequest;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code tributary serve} in-process on free ports, the scoring job of the model in Flink's MiniCluster, a real broker
 * and redis-server; called with the real {@code curl} and a grpc-java stub generated from the proto. Scores equal ONNX
 * Runtime's (and scikit-learn's expected CSV) on the same rows.
 */
class ServeGatewayITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    private static final String MODEL = "served_model";
    /** Registered with a champion but no scoring job: requests can only time out. */
    private static final String IDLE = "idle_model";
    /** A regression (ONNX LinearRegressor, output "variable" [N, 1]): no score, its value by name. */
    private static final String REGRESSION = "served_regression";
    private static final List<String> FEATURES = List.of("a", "b", "c");

    @TempDir static Path dir;
    private static byte[] logreg;
    private static double[][] csvRows;
    private static double[] csvScores;
    private static JobClient job;
    private static JobClient regressionJob;
    private static byte[] regression;
    private static ServeServer server;
    private static String http;

    @BeforeAll
    static void start() throws Exception {
        logreg = resource("models/sklearn_logreg_3f.onnx");
        readExpectedCsv(5);
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()));
        for (String m : List.of(MODEL, IDLE)) {
            registry.register(m, logreg, FEATURES, Map.of(), Map.of(), "test", "v1");
            registry.setAlias(m, "champion", 1, null, "test", "first");
        }
        registry.register(IDLE, logreg, FEATURES, Map.of(), Map.of(), "test", "v2, no alias: registered, not serving");
        regression = resource("models/regression_linear_3f.onnx");
        registry.register(REGRESSION, regression, FEATURES, Map.of(), Map.of(), "test", "v1");
        registry.setAlias(REGRESSION, "champion", 1, null, "test", "first");
        KAFKA.createTopics(1, TopicNames.requests(MODEL), TopicNames.predictions(MODEL), TopicNames.requests(REGRESSION),
                TopicNames.predictions(REGRESSION));

        // the scoring job as deployed for serving: --events requests.<model> --inputs "a=payload:a;b=payload:b;c=payload:c",
        // exactly once (the gateway reads uncommitted, so it need not wait for a checkpoint)
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(10_000);
        List<InputFeature> inputs = FEATURES.stream().map(f -> InputFeature.parse(f + "=payload:" + f)).toList();
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(TopicNames.requests(MODEL))
                .config(ScoringConfig.of(MODEL, inputs).withBatching(8, 2)).views(Map.of())
                .startingOffsets(OffsetsInitializer.earliest()).build().attach(env);
        job = env.executeAsync("scoring " + MODEL);
        StreamExecutionEnvironment regressionEnv = StreamExecutionEnvironment.getExecutionEnvironment();
        regressionEnv.setParallelism(1);
        regressionEnv.enableCheckpointing(10_000);
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(TopicNames.requests(REGRESSION))
                .config(ScoringConfig.of(REGRESSION, inputs).withBatching(8, 2)).views(Map.of())
                .startingOffsets(OffsetsInitializer.earliest()).build().attach(regressionEnv);
        regressionJob = regressionEnv.executeAsync("scoring " + REGRESSION);

        server = ServeServer.start(settings(Duration.ofSeconds(60), 64));
        http = "http://127.0.0.1:" + server.httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (job != null) job.cancel().get(30, TimeUnit.SECONDS);
        if (regressionJob != null) regressionJob.cancel().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRegressionAnswersItsOutputByNameEqualToOnnxRuntime() throws Exception {
        Curl.Response meta = Curl.get(http + "/v2/models/" + REGRESSION);
        assertThat(meta.body().get("outputs").findValuesAsText("name")).containsExactly("variable", "version", "variant");
        Curl.Response r = Curl.post(http + "/v2/models/" + REGRESSION + "/infer", inferBody("reg-1", csvRows));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.body().get("outputs").findValuesAsText("name")).doesNotContain("score");
        JsonNode variable = output(r.body(), "variable");
        assertThat(variable.get("shape").toString()).isEqualTo("[" + csvRows.length + "]");
        try (OnnxModel m = OnnxModel.load(regression, FEATURES)) {
            double[][] expected = m.predict(csvRows).values().get("variable");
            for (int i = 0; i < csvRows.length; i++) {
                assertThat(variable.get("data").get(i).asDouble()).as("row " + i).isCloseTo(expected[i][0], within(1e-6));
            }
        }
    }

    @Test
    void infersOverRestWithScoresEqualToOnnxRuntime() throws Exception {
        Curl.Response r = Curl.post(http + "/v2/models/" + MODEL + "/infer", inferBody("req-7", csvRows));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.body().get("model_name").asText()).isEqualTo(MODEL);
        assertThat(r.body().get("model_version").asText()).isEqualTo("1");
        assertThat(r.body().get("id").asText()).isEqualTo("req-7");
        JsonNode score = output(r.body(), "score");
        assertThat(score.get("shape").get(0).asInt()).isEqualTo(csvRows.length);
        double[] ort = onnxRuntimeScores(csvRows);
        for (int i = 0; i < csvRows.length; i++) {
            assertThat(score.get("data").get(i).asDouble()).as("row " + i).isCloseTo(ort[i], within(1e-6));
            assertThat(score.get("data").get(i).asDouble()).as("row " + i).isCloseTo(csvScores[i], within(1e-6));
            assertThat(output(r.body(), "version").get("data").get(i).asInt()).isEqualTo(1);
            assertThat(output(r.body(), "variant").get("data").get(i).asText()).isEqualTo("champion");
        }

        // the champion's version by path; the single-row request
        Curl.Response one = Curl.post(http + "/v2/models/" + MODEL + "/versions/1/infer", inferBody(null, new double[][] {csvRows[2]}));
        assertThat(one.status()).as(one.body().toString()).isEqualTo(200);
        assertThat(output(one.body(), "score").get("data").get(0).asDouble()).isCloseTo(ort[2], within(1e-6));
        assertThat(one.body().get("id").asText()).isEqualTo(one.body().get("parameters").get("request_id").asText());

        // the ONNX model's own [N, 3] input, as registered, instead of one tensor per feature
        String matrixInput = String.valueOf(new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()))
                .state().model(MODEL).orElseThrow().version(1).orElseThrow().registered().inputs().get(0).get("name"));
        StringBuilder data = new StringBuilder();
        for (double[] row : csvRows) data.append(data.isEmpty() ? "" : ", ").append(java.util.Arrays.toString(row));
        Curl.Response matrix = Curl.post(http + "/v2/models/" + MODEL + "/infer", "{\"inputs\": [{\"name\": \"" + matrixInput
                + "\", \"shape\": [" + csvRows.length + ", 3], \"datatype\": \"FP32\", \"data\": [" + data + "]}]}");
        assertThat(matrix.status()).as(matrix.body().toString()).isEqualTo(200);
        for (int i = 0; i < csvRows.length; i++) {
            assertThat(output(matrix.body(), "score").get("data").get(i).asDouble()).as("row " + i).isCloseTo(ort[i], within(1e-6));
        }
    }

    @Test
    void infersOverGrpcWithScoresEqualToOnnxRuntime() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        try {
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(90, TimeUnit.SECONDS);
            assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
            ModelMetadataResponse meta = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(MODEL).build());
            assertThat(meta.getInputsList()).extracting(ModelMetadataResponse.TensorMetadata::getName).containsExactlyElementsOf(FEATURES);

            ModelInferResponse r = stub.modelInfer(grpcRequest(MODEL, csvRows));
            assertThat(r.getModelVersion()).isEqualTo("1");
            ModelInferResponse.InferOutputTensor score = r.getOutputsList().stream().filter(o -> o.getName().equals("score")).findFirst().orElseThrow();
            double[] ort = onnxRuntimeScores(csvRows);
            assertThat(score.getShapeList()).containsExactly((long) csvRows.length);
            for (int i = 0; i < csvRows.length; i++) assertThat(score.getContents().getFp64Contents(i)).isCloseTo(ort[i], within(1e-6));

            assertThatThrownBy(() -> stub.modelInfer(grpcRequest("no_such_model", csvRows)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription()).contains("no_such_model");
                    });
            ModelInferRequest missingC = grpcRequest(MODEL, csvRows).toBuilder().removeInputs(2).build();
            assertThatThrownBy(() -> stub.modelInfer(missingC)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).contains("input 'c' is missing");
            });
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersHealthMetadataAndReadiness() throws Exception {
        assertThat(Curl.get(http + "/v2/health/live").status()).isEqualTo(200);
        assertThat(Curl.get(http + "/v2/health/ready").status()).isEqualTo(200);
        assertThat(Curl.get(http + "/v2").body().get("name").asText()).isEqualTo("tributary");
        Curl.Response meta = Curl.get(http + "/v2/models/" + MODEL);
        assertThat(meta.status()).isEqualTo(200);
        assertThat(meta.body().get("versions").toString()).isEqualTo("[\"1\"]");
        assertThat(meta.body().get("inputs").findValuesAsText("name")).containsExactlyElementsOf(FEATURES);
        assertThat(meta.body().get("inputs").get(0).get("datatype").asText()).isEqualTo("FP32"); // the ONNX input is float
        assertThat(Curl.get(http + "/v2/models/" + MODEL + "/versions/1").status()).isEqualTo(200);
        assertThat(Curl.get(http + "/v2/models/" + MODEL + "/ready").status()).isEqualTo(200);
        assertThat(Curl.get(http + "/v2/models/" + MODEL + "/versions/1/ready").body().get("ready").asBoolean()).isTrue();
    }

    @Test
    void refusesUnknownModelsAndBadTensorsNamingTheProblem() throws Exception {
        Curl.Response unknown = Curl.post(http + "/v2/models/no_such_model/infer", inferBody(null, csvRows));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).contains("no model 'no_such_model'");
        Curl.Response version = Curl.get(http + "/v2/models/" + MODEL + "/versions/7");
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.body().get("error").asText()).contains("no version 7");
        assertThat(Curl.post(http + "/v2/models/" + MODEL + "/versions/7/infer", inferBody(null, csvRows)).status()).isEqualTo(404);
        Curl.Response notServing = Curl.post(http + "/v2/models/" + IDLE + "/versions/2/infer", inferBody(null, csvRows));
        assertThat(notServing.status()).isEqualTo(400);
        assertThat(notServing.body().get("error").asText()).contains("version 2 of '" + IDLE + "' is not serving").contains("version 1");
        assertThat(Curl.get(http + "/v2/models/" + IDLE + "/versions/2/ready").status()).isEqualTo(400);

        String notANumber = "{\"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [\"x\"]},"
                + "{\"name\": \"b\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]},"
                + "{\"name\": \"c\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}";
        assertBadRequest(notANumber, "input 'a'", "not a number");
        String shapeMismatch = notANumber.replace("[\"x\"]", "[1, 2]");
        assertBadRequest(shapeMismatch, "input 'a'", "shape [1] but 2 elements");
        String unknownInput = notANumber.replace("\"name\": \"a\"", "\"name\": \"z\"").replace("[\"x\"]", "[1]");
        assertBadRequest(unknownInput, "input 'z' is not an input of the model");
        assertBadRequest("{\"inputs\": [", "not JSON");
    }

    @Test
    void timesOutNamingTheScoringJobAndShedsLoadBeyondTheLimit() throws Exception {
        try (ServeServer strict = ServeServer.start(settings(Duration.ofSeconds(2), 1))) {
            String url = "http://127.0.0.1:" + strict.httpPort() + "/v2/models/" + IDLE + "/infer";
            Curl.Response timeout = Curl.post(url, inferBody(null, csvRows));
            assertThat(timeout.status()).isEqualTo(504);
            assertThat(timeout.body().get("error").asText()).contains("the scoring job did not answer within 2000 ms")
                    .contains("5 of 5 rows").contains("requests." + IDLE);

            // one request in flight (it will time out), so the next one is refused at once
            CompletableFuture<HttpResponse<String>> first = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString(inferBody(null, csvRows))).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            Curl.Response shed = Curl.post(url, inferBody(null, csvRows));
            assertThat(shed.status()).isEqualTo(429);
            assertThat(shed.headers().get("retry-after")).isEqualTo("1");
            assertThat(shed.body().get("error").asText()).contains("1 requests of '" + IDLE + "' are in flight");
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", strict.grpcPort()).usePlaintext().build();
            try {
                var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                assertThatThrownBy(() -> stub.modelInfer(grpcRequest(IDLE, csvRows))).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
                assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
                // the permit came back
                assertThatThrownBy(() -> stub.modelInfer(grpcRequest(IDLE, csvRows))).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                    assertThat(e.getStatus().getDescription()).contains("the scoring job did not answer");
                });
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void readsOnlineFeaturesWithStatusesFromRedis() throws Exception {
        FeatureViewInfo view = new FeatureViewInfo("user_1h", "1", "events.users", List.of("user"), "1 h",
                List.of(new FeatureViewInfo.Feature("clicks", "LONG", "COUNT", ""), new FeatureViewInfo.Feature("spend", "DOUBLE", "AVG", "")),
                Duration.ofHours(1), "test", "");
        new FeatureRegistry(KAFKA.bootstrapServers()).register(view);
        long now = System.currentTimeMillis();
        long fresh = now - 60_000, stale = now - 3 * 3_600_000;
        online("user_1h", "u1", Map.of("clicks", "7", "spend", "2.5"), fresh);
        online("user_1h", "u2", Map.of("clicks", "3", "spend", "1.0"), stale);

        Curl.Response r = Curl.post(http + "/get-online-features",
                "{\"features\": [\"user_1h:clicks\", \"user_1h:spend\"], \"entities\": {\"user\": [\"u1\", \"u2\", \"u3\"]}}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.body().get("metadata").get("feature_names").toString()).isEqualTo("[\"user\",\"user_1h:clicks\",\"user_1h:spend\"]");
        JsonNode clicks = r.body().get("results").get(1), spend = r.body().get("results").get(2);
        assertThat(clicks.get("values").toString()).isEqualTo("[7,3,null]");
        assertThat(spend.get("values").toString()).isEqualTo("[2.5,1.0,null]");
        assertThat(clicks.get("statuses").toString()).isEqualTo("[\"PRESENT\",\"OUTSIDE_MAX_AGE\",\"NOT_FOUND\"]");
        assertThat(clicks.get("event_timestamps").get(0).asText()).isEqualTo(java.time.Instant.ofEpochMilli(fresh).toString());
        assertThat(clicks.get("event_timestamps").get(1).asText()).isEqualTo(java.time.Instant.ofEpochMilli(stale).toString());

        Curl.Response unknownView = Curl.post(http + "/get-online-features",
                "{\"features\": [\"nope:x\"], \"entities\": {\"user\": [\"u1\"]}}");
        assertThat(unknownView.status()).isEqualTo(404);
        assertThat(unknownView.body().get("error").asText()).contains("no feature view 'nope'");
        Curl.Response missingKey = Curl.post(http + "/get-online-features",
                "{\"features\": [\"user_1h:clicks\"], \"entities\": {\"account\": [\"u1\"]}}");
        assertThat(missingKey.status()).isEqualTo(400);
        assertThat(missingKey.body().get("error").asText()).contains("needs entity key 'user'");
    }

    @Test
    void refusesBodiesOverTheLimitUnreadAndServesOn() throws Exception {
        String padding = "x".repeat(70_000); // a client's id: any field counts towards this gateway's 64 KiB
        String body = inferBody(padding, csvRows);
        Curl.Response r = Curl.post(http + "/v2/models/" + MODEL + "/infer", body);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(413);
        assertThat(r.body().get("error").asText()).contains("at most 65536", "serve.max-body-bytes");

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        try {
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
            assertThatThrownBy(() -> stub.modelInfer(grpcRequest(MODEL, csvRows).toBuilder().setId(padding).build())).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        Curl.Response next = Curl.post(http + "/v2/models/" + MODEL + "/infer", inferBody(null, new double[][] {csvRows[0]}));
        assertThat(next.status()).as(next.body().toString()).isEqualTo(200);
    }

    private static void assertBadRequest(String body, String... fragments) throws Exception {
        Curl.Response r = Curl.post(http + "/v2/models/" + MODEL + "/infer", body);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
        assertThat(r.body().get("error").asText()).contains(fragments);
    }

    private static ServeSettings settings(Duration timeout, int maxInFlight) {
        return new ServeSettings(0, 0, KAFKA.bootstrapServers(), REDIS.uri(), "tributary", timeout, maxInFlight, 1000, 64 * 1024);
    }

    private static String inferBody(String id, double[][] rows) {
        StringBuilder sb = new StringBuilder("{");
        if (id != null) sb.append("\"id\": \"").append(id).append("\", ");
        sb.append("\"inputs\": [");
        for (int f = 0; f < FEATURES.size(); f++) {
            if (f > 0) sb.append(", ");
            sb.append("{\"name\": \"").append(FEATURES.get(f)).append("\", \"shape\": [").append(rows.length)
                    .append("], \"datatype\": \"FP64\", \"data\": [");
            for (int i = 0; i < rows.length; i++) sb.append(i > 0 ? ", " : "").append(rows[i][f]);
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    private static ModelInferRequest grpcRequest(String model, double[][] rows) {
        ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model);
        for (int f = 0; f < FEATURES.size(); f++) {
            InferTensorContents.Builder c = InferTensorContents.newBuilder();
            for (double[] row : rows) c.addFp64Contents(row[f]);
            b.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(FEATURES.get(f)).setDatatype("FP64")
                    .addShape(rows.length).setContents(c));
        }
        return b.build();
    }

    private static JsonNode output(JsonNode response, String name) {
        for (JsonNode o : response.get("outputs")) if (o.get("name").asText().equals(name)) return o;
        throw new AssertionError("no output '" + name + "' in " + response);
    }

    private static double[] onnxRuntimeScores(double[][] rows) throws Exception {
        try (OnnxModel m = OnnxModel.load(logreg, FEATURES)) {
            return m.score(rows);
        }
    }

    /** The first {@code n} rows of the scikit-learn model's expected CSV (x0,x1,x2,p1): inputs and predict_proba. */
    private static void readExpectedCsv(int n) throws Exception {
        List<String> lines = new String(resource("models/sklearn_logreg_3f.expected.csv"), StandardCharsets.UTF_8).lines().skip(1).limit(n).toList();
        csvRows = new double[lines.size()][];
        csvScores = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            csvRows[i] = new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2])};
            csvScores[i] = Double.parseDouble(cells[3]);
        }
    }

    private static void online(String view, String entity, Map<String, String> values, long windowEnd) {
        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            Map<String, String> hash = new java.util.HashMap<>(values);
            hash.put("_window_end", String.valueOf(windowEnd));
            hash.put("_window_start", String.valueOf(windowEnd - 3_600_000));
            hash.put("_event_count", "1");
            hash.put("_version", "1");
            c.sync().hset("tributary:" + view + ":" + entity, hash);
        } finally {
            client.shutdown();
        }
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ServeGatewayITCase.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("no test resource " + name);
            return in.readAllBytes();
        }
    }
}
