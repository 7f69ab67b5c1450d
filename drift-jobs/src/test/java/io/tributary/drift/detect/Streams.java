package io.tributary.drift.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test streams: the golden ones from the classpath, and detection indices of a detector over a stream. */
final class Streams {
    private Streams() {
    }

    /** A golden stream ({@code s1}, {@code s2}, {@code s3}) from {@code drift-golden/} on the test classpath. */
    static double[] golden(String name) {
        String resource = "/drift-golden/" + name + ".txt";
        try (InputStream in = Streams.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty())
                    .mapToDouble(Double::parseDouble).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 0-based indices of the values after which {@code detector} returned DRIFT. */
    static List<Integer> detections(DriftDetector detector, double[] values) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (detector.update(values[i]) == DetectorState.DRIFT) {
                indices.add(i);
            }
        }
        return indices;
    }

    /** The state after every value. */
    static List<DetectorState> states(DriftDetector detector, double[] values) {
        List<DetectorState> states = new ArrayList<>(values.length);
        for (double value : values) {
            states.add(detector.update(value));
        }
        return states;
    }
}
