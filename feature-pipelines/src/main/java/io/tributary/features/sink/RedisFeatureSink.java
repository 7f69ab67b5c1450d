package io.tributary.features.sink;

import io.lettuce.core.RedisFuture;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.redis.RedisConnection;
import io.tributary.features.view.FeatureView;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes feature rows to the online store (layout: {@link OnlineStoreLayout}), pipelined over one lettuce
 * connection. Each write is a compare-and-set on the window end (and event count), so writes are idempotent and
 * monotonic; every checkpoint waits for all pending writes, so a restored job replays at most what Redis may have
 * missed and the result converges to that of a run without failure. Deletions (changelog -D) remove the entity's hash.
 */
public final class RedisFeatureSink implements Sink<RowData> {
    private static final long serialVersionUID = 1L;
    /** Writes in flight before the writer waits for their replies. */
    static final int MAX_IN_FLIGHT = 512;

    private final RedisRowLayout layout;
    private final String redisUri;

    public RedisFeatureSink(RedisRowLayout layout, String redisUri) {
        this.layout = layout;
        this.redisUri = redisUri;
    }

    /** The sink of a feature view's rows. */
    public static RedisFeatureSink forView(FeatureView view, String redisUri, String namespace) {
        return new RedisFeatureSink(RedisRowLayout.of(view, namespace), redisUri);
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) {
        return new Writer(layout, RedisConnection.connect(redisUri),
                context.metricGroup().counter("redisWrites"), context.metricGroup().counter("redisStaleWrites"));
    }

    static final class Writer implements SinkWriter<RowData> {
        private static final String DELETE_SCRIPT = "return redis.call('DEL', KEYS[1])";
        private final RedisRowLayout layout;
        private final RedisConnection redis;
        private final Counter writes;
        private final Counter stale;
        private final List<RedisFuture<Long>> inFlight = new ArrayList<>();

        Writer(RedisRowLayout layout, RedisConnection redis, Counter writes, Counter stale) {
            this.layout = layout;
            this.redis = redis;
            this.writes = writes;
            this.stale = stale;
            // commands go out as they are issued (freshness); replies are awaited in batches and at every checkpoint
            redis.setPipelining(false);
        }

        @Override
        public void write(RowData row, Context context) throws IOException {
            if (row.getRowKind() == RowKind.UPDATE_BEFORE) return; // the +U that follows carries the value
            String key = layout.redisKey(layout.entity(row));
            if (row.getRowKind() == RowKind.DELETE) {
                inFlight.add(redis.async().eval(DELETE_SCRIPT, new String[] {key}));
            } else {
                inFlight.add(redis.async().eval(OnlineStoreLayout.COMPARE_AND_SET_SCRIPT, new String[] {key},
                        layout.compareAndSetArgs(row)));
            }
            if (inFlight.size() >= MAX_IN_FLIGHT) drain();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            drain();
        }

        private void drain() throws IOException {
            if (inFlight.isEmpty()) return;
            try {
                for (RedisFuture<Long> f : inFlight) {
                    Long written = f.get(30, TimeUnit.SECONDS);
                    if (written != null && written == 1L) writes.inc();
                    else stale.inc();
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("writing view " + layout.view() + " to Redis failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing to Redis", e);
            } finally {
                inFlight.clear();
            }
        }

        @Override
        public void close() {
            redis.close();
        }
    }
}
