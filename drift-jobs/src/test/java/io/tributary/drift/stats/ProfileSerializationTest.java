package io.tributary.drift.stats;

import io.tributary.core.drift.ReferenceProfile;
import io.tributary.core.drift.WindowProfile;
import io.tributary.core.drift.NumericSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.models.ModelEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bytes, base64 and Java forms of profiles, and the registry's lineage map as their carrier. */
class ProfileSerializationTest {

    /** A reference with every kind of content: compacted sketches, missing values, capped categories, the score. */
    static ReferenceProfile richReference() {
        Random r = new Random(7);
        ReferenceProfile p = new ReferenceProfile(200, 20);
        for (int i = 0; i < 50_000; i++) {
            p.add("distance", r.nextDouble() < 0.01 ? Double.NaN : 800 + 300 * r.nextGaussian());
            p.add("dep_hour", r.nextInt(24));
            p.addCategory("origin", r.nextDouble() < 0.005 ? null : "A" + (int) Math.abs(40 * r.nextGaussian()));
            p.addCategory("carrier", "C" + r.nextInt(5));
            p.addScore(1 / (1 + Math.exp(-r.nextGaussian())));
        }
        p.add("tiny", 1.5);
        return p;
    }

    @Test
    void base64RoundTripsExactly() {
        ReferenceProfile p = richReference();
        String base64 = p.toBase64();
        ReferenceProfile back = ReferenceProfile.fromBase64(base64);

        assertThat(back).isEqualTo(p).hasSameHashCodeAs(p).isNotSameAs(p);
        assertThat(back.toBytes()).isEqualTo(p.toBytes());
        assertThat(back.toBase64()).isEqualTo(base64);
        assertThat(back.k()).isEqualTo(200);
        assertThat(back.maxCategories()).isEqualTo(20);
        assertThat(back.numericFeatures()).isEqualTo(p.numericFeatures());
        assertThat(back.categoricalFeatures()).isEqualTo(p.categoricalFeatures());
        for (String f : p.numericFeatures()) {
            NumericSummary a = p.numeric(f);
            NumericSummary b = back.numeric(f);
            assertThat(b.count()).isEqualTo(a.count());
            assertThat(b.missing()).isEqualTo(a.missing());
            assertThat(b.retainedValues()).isEqualTo(a.retainedValues());
            double[] ranks = {0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1};
            assertThat(b.quantiles(ranks)).isEqualTo(a.quantiles(ranks));
        }
        for (String f : p.categoricalFeatures()) {
            assertThat(back.categorical(f).counts()).isEqualTo(p.categorical(f).counts());
            assertThat(back.categorical(f).other()).isEqualTo(p.categorical(f).other());
            assertThat(back.categorical(f).missing()).isEqualTo(p.categorical(f).missing());
        }
        // The content is really there (a mix-up of fields would not survive these).
        assertThat(back.numeric("distance").isExact()).isFalse();
        assertThat(back.numeric("distance").missing()).isPositive();
        assertThat(back.categorical("origin").other()).isPositive();
        assertThat(back.categorical("origin").missing()).isPositive();
        assertThat(back.categorical("carrier").counts()).hasSize(5);
        // And it evaluates the same: every test identical.
        WindowProfile w = new WindowProfile();
        Random r = new Random(8);
        for (int i = 0; i < 3_000; i++) {
            w.add("distance", 850 + 300 * r.nextGaussian());
            w.addCategory("origin", "A" + (int) Math.abs(40 * r.nextGaussian()));
            w.addScore(r.nextDouble());
        }
        assertThat(new DriftEvaluator().evaluate(back, w)).isEqualTo(new DriftEvaluator().evaluate(p, w));
    }

    @Test
    void itIsCompact() {
        // 5 features of 50,000 values: a few kB per numeric feature (k = 200), a few hundred bytes per categorical.
        byte[] bytes = richReference().toBytes();
        assertThat(bytes.length).isBetween(5_000, 30_000);
    }

    @Test
    void itTravelsInTheLineageOfARegistryEventAsJson() {
        ReferenceProfile p = richReference();
        ModelEvent registered = new ModelEvent(ModelEvent.Type.VERSION_REGISTERED, "flights_delay", 3, null, null, null,
                null, "abc", "file:/tmp/m.onnx", List.of(), Map.of("auc", 0.71),
                Map.of("seed", 7, ReferenceProfile.LINEAGE_KEY, p.toBase64()), "training-job", Instant.EPOCH, "test");
        ModelEvent read = ModelEvent.fromJson(registered.toJson());
        assertThat(ReferenceProfile.fromLineage(read.lineage())).contains(p);
        assertThat(ReferenceProfile.fromLineage(Map.of("seed", 7))).isEmpty();
        assertThat(ReferenceProfile.fromLineage(null)).isEmpty();
        assertThatThrownBy(() -> ReferenceProfile.fromLineage(Map.of(ReferenceProfile.LINEAGE_KEY, 42)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a base64 string");
    }

    @Test
    void javaSerializationWritesTheCompactForm() throws Exception {
        ReferenceProfile p = richReference();
        WindowProfile w = new WindowProfile();
        w.add("x", 1);
        w.addCategory("c", "a");
        assertThat(javaRoundTrip(p)).isInstanceOf(ReferenceProfile.class).isEqualTo(p);
        assertThat(javaRoundTrip(w)).isInstanceOf(WindowProfile.class).isEqualTo(w);
        // Not much more than the compact bytes.
        assertThat(javaBytes(p).length).isLessThan(p.toBytes().length + 500);
        DriftEvaluator evaluator = new DriftEvaluator(DriftThresholds.parse("x.psi=0.3"), 5);
        DriftEvaluator back = (DriftEvaluator) javaRoundTrip(evaluator);
        assertThat(back.thresholds()).isEqualTo(evaluator.thresholds());
        assertThat(back.psiBins()).isEqualTo(5);
    }

    @Test
    void windowsRoundTripToo() {
        WindowProfile w = new WindowProfile(64, 5);
        Random r = new Random(9);
        for (int i = 0; i < 10_000; i++) {
            w.add("x", r.nextGaussian());
            w.addCategory("c", "v" + r.nextInt(12));
        }
        assertThat(WindowProfile.fromBase64(w.toBase64())).isEqualTo(w);
        assertThat(WindowProfile.fromBytes(w.toBytes()).k()).isEqualTo(64);
        assertThat(new WindowProfile().toBytes()).hasSize(22);
        assertThat(WindowProfile.fromBytes(new WindowProfile().toBytes())).isEqualTo(new WindowProfile());
    }

    @Test
    void unreadableBytesFailWithAClearMessage() {
        byte[] reference = richReference().toBytes();
        byte[] window = new WindowProfile().toBytes();
        assertThatThrownBy(() -> WindowProfile.fromBytes(reference))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a window profile, got a reference profile");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(window))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a reference profile, got a window profile");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a drift profile");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a drift profile");
        byte[] future = reference.clone();
        future[4] = 9;
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(future))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9 is not supported");
        for (int cut : new int[] {6, 20, reference.length / 2, reference.length - 1}) {
            assertThatThrownBy(() -> ReferenceProfile.fromBytes(Arrays.copyOf(reference, cut)))
                    .as("cut at %d", cut).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(reference, reference.length + 1);
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(longer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> ReferenceProfile.fromBase64("not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not base64");
    }

    private static Object javaRoundTrip(Object o) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(javaBytes(o)))) {
            return in.readObject();
        }
    }

    private static byte[] javaBytes(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }
}
