package io.tributary.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Flink checkpointing relies on: a detector serialized mid-stream and restored goes on exactly as one that was
 * never interrupted; and every instance keeps its own state.
 */
class SerializationTest {

    /** Every detector and mode, each with a stream it reacts to. */
    static List<Object[]> detectors() {
        double[] s1 = Streams.golden("s1");
        double[] s2 = Streams.golden("s2");
        double[] s3 = Streams.golden("s3");
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("adwin both", new Object[] {(Supplier<DriftDetector>) Adwin::new, s1});
        cases.put("adwin up (MOA)", new Object[] {(Supplier<DriftDetector>) () -> Adwin.moa(0.002), s1});
        cases.put("adwin clock 1", new Object[] {(Supplier<DriftDetector>) () -> new Adwin(0.002, 1, Adwin.Direction.BOTH), s1});
        cases.put("ddm", new Object[] {(Supplier<DriftDetector>) Ddm::new, s2});
        cases.put("eddm", new Object[] {(Supplier<DriftDetector>) Eddm::new, s2});
        cases.put("hddm_a", new Object[] {(Supplier<DriftDetector>) HddmA::new, s2});
        cases.put("hddm_a two-sided", new Object[] {(Supplier<DriftDetector>) () -> new HddmA(0.001, 0.005, true, true), s3});
        cases.put("hddm_w", new Object[] {(Supplier<DriftDetector>) HddmW::new, s2});
        cases.put("hddm_w two-sided", new Object[] {(Supplier<DriftDetector>) () -> new HddmW(0.001, 0.005, 0.05, true), s3});
        double[] falling = new double[s1.length];
        for (int i = 0; i < s1.length; i++) {
            falling[i] = -s1[i];
        }
        for (PageHinkley.Mode mode : PageHinkley.Mode.values()) {
            cases.put("page_hinkley " + mode, new Object[] {
                    (Supplier<DriftDetector>) () -> new PageHinkley(30, 0.005, 50, 1 - 0.0001, mode),
                    mode == PageHinkley.Mode.DOWN ? falling : s1});
        }
        List<Object[]> arguments = new ArrayList<>();
        cases.forEach((label, c) -> arguments.add(new Object[] {label, c[0], c[1]}));
        return arguments;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void aDetectorRestoredFromItsBytesGoesOnAsIfNeverInterrupted(String label, Supplier<DriftDetector> factory,
                                                                 double[] stream) {
        List<DetectorState> uninterrupted = Streams.states(factory.get(), stream);
        assertThat(uninterrupted).as("the stream must exercise the detector").contains(DetectorState.DRIFT);

        // A checkpoint every 97 values (right before, at and after detections too), each restored into a new object.
        DriftDetector detector = factory.get();
        List<DetectorState> restored = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            if (i % 97 == 0) {
                DriftDetector copy = roundTrip(detector);
                assertThat(copy).isNotSameAs(detector);
                detector = copy;
            }
            restored.add(detector.update(stream[i]));
        }
        assertThat(restored).isEqualTo(uninterrupted);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void aCheckpointIsASnapshotNotAView(String label, Supplier<DriftDetector> factory, double[] stream) {
        DriftDetector running = factory.get();
        int half = stream.length / 2;
        for (int i = 0; i < half; i++) {
            running.update(stream[i]);
        }
        byte[] checkpoint = serialize(running);
        List<DetectorState> expected = new ArrayList<>();
        for (int i = half; i < stream.length; i++) {
            expected.add(running.update(stream[i]));
        }
        // The original went on; the bytes still hold the state at the checkpoint.
        DriftDetector restored = deserialize(checkpoint);
        List<DetectorState> replayed = new ArrayList<>();
        for (int i = half; i < stream.length; i++) {
            replayed.add(restored.update(stream[i]));
        }
        assertThat(replayed).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void resetForgetsEverything(String label, Supplier<DriftDetector> factory, double[] stream) {
        DriftDetector used = factory.get();
        Streams.states(used, noise(1, stream.length));
        used.reset();
        assertThat(Streams.states(used, stream)).isEqualTo(Streams.states(factory.get(), stream));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void instancesDoNotShareState(String label, Supplier<DriftDetector> factory, double[] stream) {
        // MOA's HDDM_W_Test fails this: its statistics are static.
        double[] other = noise(2, stream.length);
        List<DetectorState> alone = Streams.states(factory.get(), stream);
        List<DetectorState> otherAlone = Streams.states(factory.get(), other);
        DriftDetector first = factory.get();
        DriftDetector second = factory.get();
        List<DetectorState> interleaved = new ArrayList<>();
        List<DetectorState> otherInterleaved = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            interleaved.add(first.update(stream[i]));
            otherInterleaved.add(second.update(other[i]));
        }
        assertThat(interleaved).isEqualTo(alone);
        assertThat(otherInterleaved).isEqualTo(otherAlone);
    }

    /** 0/1 values at a rate that changes every 300 values: different from every golden stream. */
    private static double[] noise(long seed, int length) {
        Random random = new Random(seed);
        double[] values = new double[length];
        double rate = 0.5;
        for (int i = 0; i < length; i++) {
            if (i % 300 == 0) {
                rate = 0.1 + 0.8 * random.nextDouble();
            }
            values[i] = random.nextDouble() < rate ? 1 : 0;
        }
        return values;
    }

    private static DriftDetector roundTrip(DriftDetector detector) {
        return deserialize(serialize(detector));
    }

    private static byte[] serialize(DriftDetector detector) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(detector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static DriftDetector deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (DriftDetector) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
