package io.tributary.jobs.demo;

import io.tributary.core.event.EventEnvelope;
import io.tributary.jobs.data.FlightsReplay;
import org.apache.flink.util.CloseableIterator;

import java.nio.file.Path;
import java.time.LocalDate;

/** The flights of a slice of days, in event-time order: the real dataset's parquet file, or a test's list. */
public interface FlightsSource {
    long count(LocalDate from, LocalDate to) throws Exception;

    CloseableIterator<EventEnvelope> read(LocalDate from, LocalDate to) throws Exception;

    static FlightsSource parquet(Path file) {
        return new FlightsSource() {
            @Override
            public long count(LocalDate from, LocalDate to) throws Exception { return FlightsReplay.count(file, from, to); }

            @Override
            public CloseableIterator<EventEnvelope> read(LocalDate from, LocalDate to) { return FlightsReplay.fromParquet(file, from, to); }
        };
    }
}
