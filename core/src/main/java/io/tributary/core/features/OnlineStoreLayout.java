package io.tributary.core.features;

/**
 * The Redis layout of the online store, a contract shared by the writers (feature pipelines) and the readers
 * (online reads, inference):
 *
 * <pre>
 * key:   &lt;namespace&gt;:&lt;view&gt;:&lt;entity&gt;      entity = entity key values joined by '|', or '_' for a view without keys
 * value: hash { &lt;feature&gt;: value as text (absent when null), _window_start: epoch ms, _window_end: epoch ms,
 *               _event_count: events in the window, _version: view version }
 * expiry: the view's TTL after the last write (none when the TTL is 0)
 * </pre>
 *
 * Writes are compare-and-set on {@code (_window_end, _event_count)}: a row of an older window, or an earlier firing of
 * the same window, never overwrites a newer one, so replays after a failure converge.
 */
public final class OnlineStoreLayout {
    public static final String DEFAULT_NAMESPACE = "tributary";
    public static final String WINDOW_START = "_window_start";
    public static final String WINDOW_END = "_window_end";
    public static final String EVENT_COUNT = "_event_count";
    public static final String VERSION = "_version";

    /**
     * KEYS[1] = hash key; ARGV[1] = window end (ms); ARGV[2] = event count; ARGV[3] = TTL ms (0: none);
     * ARGV[4..] = field/value pairs (including the metadata fields). Returns 1 if written, 0 if stale.
     */
    public static final String COMPARE_AND_SET_SCRIPT = String.join("\n",
            "local cur_end = tonumber(redis.call('HGET', KEYS[1], '" + WINDOW_END + "') or '-1')",
            "local new_end = tonumber(ARGV[1])",
            "if cur_end > new_end then return 0 end",
            "if cur_end == new_end then",
            "  local cur_cnt = tonumber(redis.call('HGET', KEYS[1], '" + EVENT_COUNT + "') or '-1')",
            "  if cur_cnt > tonumber(ARGV[2]) then return 0 end",
            "end",
            "redis.call('DEL', KEYS[1])",
            "redis.call('HSET', KEYS[1], unpack(ARGV, 4))",
            "if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end",
            "return 1");

    private OnlineStoreLayout() {}

    public static String key(String namespace, String view, String entity) {
        return namespace + ":" + view + ":" + entity;
    }
}
