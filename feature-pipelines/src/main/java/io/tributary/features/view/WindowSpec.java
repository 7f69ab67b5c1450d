package io.tributary.features.view;

import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/** An event-time window: tumbling (size), hopping (size, slide) or session (gap). */
public final class WindowSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { TUMBLING, HOPPING, SESSION }

    private final Kind kind;
    private final Duration size;
    private final Duration slide;

    private WindowSpec(Kind kind, Duration size, Duration slide) {
        if (size.isNegative() || size.isZero()) throw new IllegalArgumentException("a window's size/gap must be positive, got " + size);
        if (slide != null && (slide.isNegative() || slide.isZero() || slide.compareTo(size) > 0)) {
            throw new IllegalArgumentException("a hopping window's slide must be positive and at most its size, got " + slide);
        }
        this.kind = kind;
        this.size = size;
        this.slide = slide;
    }

    public static WindowSpec tumbling(Duration size) { return new WindowSpec(Kind.TUMBLING, size, null); }

    public static WindowSpec hopping(Duration size, Duration slide) { return new WindowSpec(Kind.HOPPING, size, slide); }

    public static WindowSpec session(Duration gap) { return new WindowSpec(Kind.SESSION, gap, null); }

    public Kind kind() { return kind; }
    public Duration size() { return size; }
    public Duration slide() { return slide; }

    public WindowAssigner<Object, TimeWindow> assigner() {
        return switch (kind) {
            case TUMBLING -> TumblingEventTimeWindows.of(size);
            case HOPPING -> SlidingEventTimeWindows.of(size, slide);
            case SESSION -> EventTimeSessionWindows.withGap(size);
        };
    }

    /** Canonical text, part of the view's version. */
    public String canonical() {
        return switch (kind) {
            case TUMBLING -> "TUMBLE(" + size.toMillis() + ")";
            case HOPPING -> "HOP(" + size.toMillis() + "," + slide.toMillis() + ")";
            case SESSION -> "SESSION(" + size.toMillis() + ")";
        };
    }

    @Override public boolean equals(Object o) {
        return o instanceof WindowSpec w && w.kind == kind && w.size.equals(size) && Objects.equals(w.slide, slide);
    }

    @Override public int hashCode() { return Objects.hash(kind, size, slide); }

    @Override public String toString() { return canonical(); }
}
