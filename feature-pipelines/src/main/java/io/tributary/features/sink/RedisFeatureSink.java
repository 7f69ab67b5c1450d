package io.tributary.features.sink;

import io.lettuce.core.RedisFuture;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.redis.RedisConnection;
import io.tributary.features.pipeline.FeatureRows;
import io.tributary.features.view.FeatureView;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes feature rows to the online store (layout: {@link OnlineStoreLayout}), pipelined over one lettuce
 * connection. Each write is a compare-and-set on the window end, so writes are idempotent and monotonic; every
 * checkpoint waits for all pending writes, so a restored job replays at most what Redis may have missed and the
 * result converges to that of a run without failure.
 */
public final class RedisFeatureSink implements Sink<RowData> {
    private static final long serialVersionUID = 1L;
    /** Writes in flight before the writer waits for their replies. */
    static final int MAX_IN_FLIGHT = 512;

    private final FeatureView view;
    private final String redisUri;
    private final String namespace;

    public RedisFeatureSink(FeatureView view, String redisUri, String namespace) {
        this.view = view;
        this.redisUri = redisUri;
        this.namespace = namespace;
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) {
        return new Writer(view, RedisConnection.connect(redisUri), namespace,
                context.metricGroup().counter("redisWrites"), context.metricGroup().counter("redisStaleWrites"));
    }

    static final class Writer implements SinkWriter<RowData> {
        private final FeatureView view;
        private final RedisConnection redis;
        private final String namespace;
        private final Counter writes;
        private final Counter stale;
        private final List<RedisFuture<Long>> inFlight = new ArrayList<>();
        private final String ttlMillis;

        Writer(FeatureView view, RedisConnection redis, String namespace, Counter writes, Counter stale) {
            this.view = view;
            this.redis = redis;
            this.namespace = namespace;
            this.writes = writes;
            this.stale = stale;
            this.ttlMillis = String.valueOf(view.ttl().toMillis());
            redis.setPipelining(true);
        }

        @Override
        public void write(RowData row, Context context) throws IOException {
            String key = OnlineStoreLayout.key(namespace, view.name(), FeatureRows.entity(view, row));
            long windowEnd = FeatureRows.windowEnd(view, row);
            long count = row.getLong(FeatureRows.eventCountIndex(view));
            List<String> args = new ArrayList<>();
            args.add(String.valueOf(windowEnd));
            args.add(String.valueOf(count));
            args.add(ttlMillis);
            args.add(OnlineStoreLayout.WINDOW_START);
            args.add(String.valueOf(row.getTimestamp(FeatureRows.windowStartIndex(view), 6).getMillisecond()));
            args.add(OnlineStoreLayout.WINDOW_END);
            args.add(String.valueOf(windowEnd));
            args.add(OnlineStoreLayout.EVENT_COUNT);
            args.add(String.valueOf(count));
            args.add(OnlineStoreLayout.VERSION);
            args.add(view.version());
            for (int i = 0; i < view.features().size(); i++) {
                Object v = FeatureRows.featureValue(view, row, i);
                if (v == null) continue;
                args.add(view.features().get(i).name());
                args.add(String.valueOf(v));
            }
            inFlight.add(redis.async().eval(OnlineStoreLayout.COMPARE_AND_SET_SCRIPT, new String[] {key},
                    args.toArray(String[]::new)));
            if (inFlight.size() >= MAX_IN_FLIGHT) drain();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            drain();
        }

        private void drain() throws IOException {
            if (inFlight.isEmpty()) return;
            redis.flush();
            try {
                for (RedisFuture<Long> f : inFlight) {
                    Long written = f.get(30, TimeUnit.SECONDS);
                    if (written != null && written == 1L) writes.inc();
                    else stale.inc();
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("writing features of view " + view.name() + " to Redis failed: " + e.getMessage(), e);
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
