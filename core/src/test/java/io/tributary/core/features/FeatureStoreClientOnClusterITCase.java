package io.tributary.core.features;

import io.tributary.testing.RedisClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OnlineStoreContract} on a real 3-master Redis Cluster: keys of one call spread over the nodes. */
class FeatureStoreClientOnClusterITCase extends OnlineStoreContract {
    @RegisterExtension static final RedisClusterExtension REDIS = new RedisClusterExtension();

    @Override String uri() { return REDIS.uri(); }
}
