package io.tributary.features.sql;

import io.tributary.features.sink.RedisFeatureSink;
import io.tributary.features.sink.RedisRowLayout;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.types.RowKind;

/** The upsert sink of {@code 'connector' = 'redis'}. */
final class RedisDynamicTableSink implements DynamicTableSink {
    private final RedisRowLayout layout;
    private final String uri;

    RedisDynamicTableSink(RedisRowLayout layout, String uri) {
        this.layout = layout;
        this.uri = uri;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requested) {
        return ChangelogMode.newBuilder().addContainedKind(RowKind.INSERT).addContainedKind(RowKind.UPDATE_AFTER)
                .addContainedKind(RowKind.DELETE).build();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(new RedisFeatureSink(layout, uri));
    }

    @Override public DynamicTableSink copy() { return new RedisDynamicTableSink(layout, uri); }

    @Override public String asSummaryString() { return "Redis(" + layout.view() + ")"; }
}
