package io.tributary.features.sql;

import io.tributary.testing.RedisClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisConnectorOnClusterITCase extends RedisConnectorContract {
    @RegisterExtension static final RedisClusterExtension REDIS = new RedisClusterExtension();

    @Override String uri() { return REDIS.uri(); }
}
