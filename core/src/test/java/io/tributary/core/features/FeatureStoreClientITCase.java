package io.tributary.core.features;

import io.tributary.testing.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OnlineStoreContract} on a single real redis-server. */
class FeatureStoreClientITCase extends OnlineStoreContract {
    @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override String uri() { return REDIS.uri(); }
}
