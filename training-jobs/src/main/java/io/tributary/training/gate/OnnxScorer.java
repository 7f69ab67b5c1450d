package io.tributary.training.gate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tributary.training.model.Example;

import java.util.List;
import java.util.Map;

/** Scores examples with the exported ONNX bytes in ONNX Runtime: what is evaluated is exactly what will serve. */
public final class OnnxScorer {
    private OnnxScorer() {}

    public static double[] score(byte[] onnx, List<Example> examples) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            int f = examples.get(0).features().length;
            float[][] x = new float[examples.size()][f];
            for (int i = 0; i < examples.size(); i++) {
                for (int j = 0; j < f; j++) {
                    double v = examples.get(i).features()[j];
                    x[i][j] = Double.isNaN(v) ? Float.NaN : (float) v;
                }
            }
            try (OnnxTensor t = OnnxTensor.createTensor(env, x);
                 OrtSession.Result r = session.run(Map.of(session.getInputNames().iterator().next(), t))) {
                float[] p = (float[]) r.get(0).getValue();
                double[] out = new double[p.length];
                for (int i = 0; i < p.length; i++) out[i] = p[i];
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot score with the model: " + e.getMessage(), e);
        }
    }

    public static Metrics evaluate(byte[] onnx, List<Example> holdout) {
        boolean[] y = new boolean[holdout.size()];
        for (int i = 0; i < y.length; i++) y[i] = holdout.get(i).label();
        return Metrics.of(score(onnx, holdout), y);
    }
}
