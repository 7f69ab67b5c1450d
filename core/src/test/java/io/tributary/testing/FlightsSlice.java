package io.tributary.testing;

import io.tributary.core.event.EventEnvelope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The committed slice of the real flights data (first 30 hours of 2001, 15,106 flights; see
 * {@code flights/README.md}) as flight events: key {@code <origin>-<destination>-<date_ms>-<row>}, payload origin,
 * destination, delay, distance and late ({@code delay > 15}), event time the departure.
 */
public final class FlightsSlice {
    public static final String RESOURCE = "/flights/flights-2001-01-01-30h.csv.gz";
    public static final int ROWS = 15_106;

    private FlightsSlice() {}

    public static List<EventEnvelope> events() {
        List<EventEnvelope> out = new ArrayList<>(ROWS);
        try (InputStream in = FlightsSlice.class.getResourceAsStream(RESOURCE);
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (!"date_ms,delay,distance,origin,destination".equals(header)) throw new IllegalStateException("unexpected header " + header);
            String line;
            int row = 0;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",");
                long ts = Long.parseLong(f[0]);
                int delay = Integer.parseInt(f[1]);
                out.add(new EventEnvelope("flights", f[3] + "-" + f[4] + "-" + ts + "-" + row++, ts, Map.of(
                        "origin", f[3], "destination", f[4], "delay", delay, "distance", Integer.parseInt(f[2]),
                        "late", delay > 15)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
