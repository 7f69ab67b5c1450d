package io.tributary.jobs.bench;

import io.tributary.inference.input.ScoringRequest;
import io.tributary.inference.model.OnnxModel;
import io.tributary.inference.score.Prediction;
import io.tributary.inference.score.ScoringOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * JMH: ONNX Runtime on a prebuilt batch of {@value #BATCH} rows (the baseline) next to what the scoring operator does
 * per batch of the same size (rows assembled from the requests' inputs, scored, predictions built), for a logistic
 * regression (LinearClassifier) and a 10-tree forest (TreeEnsembleClassifier). Throughput is rows per second.
 */
@State(Scope.Thread)
public class ScoringJmh {
    static final int BATCH = 64;
    static final List<String> FEATURES = List.of("x0", "x1", "x2");

    @Param({"logreg", "forest"})
    public String model;

    private OnnxModel onnx;
    private double[][] rows;
    private List<ScoringRequest> requests;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        byte[] bytes;
        try (var in = ScoringJmh.class.getResourceAsStream("/bench/sklearn_" + model + "_3f.onnx")) {
            bytes = in.readAllBytes();
        }
        onnx = OnnxModel.load(bytes, FEATURES);
        Random r = new Random(1);
        rows = new double[BATCH][3];
        requests = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (int j = 0; j < 3; j++) {
                rows[i][j] = r.nextGaussian();
                values.put(FEATURES.get(j), rows[i][j]);
            }
            requests.add(new ScoringRequest("k" + i, 978_307_200_000L + i, values, Map.of("x0", "PRESENT"), 0));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception { onnx.close(); }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double[] rawOnnxRuntime() throws Exception {
        return onnx.score(rows);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void scoringOperatorPath(Blackhole bh) throws Exception {
        // as ScoringOperator: every output read by name, carried per row beside the score
        io.tributary.core.models.ModelOutputs out = onnx.predict(ScoringOperator.rows(FEATURES, requests));
        double[] p = out.score();
        for (int i = 0; i < p.length; i++) {
            ScoringRequest r = requests.get(i);
            bh.consume(new Prediction(r.key(), r.eventTime(), "bench", 1, "champion", true, p[i], r.statuses(), r.values(), 0.1,
                    out.row(i)));
        }
    }
}
