package io.tributary.features.sql;

import io.tributary.testing.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisConnectorITCase extends RedisConnectorContract {
    @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override String uri() { return REDIS.uri(); }
}
