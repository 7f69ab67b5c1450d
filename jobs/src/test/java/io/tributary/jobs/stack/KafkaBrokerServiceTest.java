package io.tributary.jobs.stack;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerServiceTest {
    @Test
    void clusterIdsNeverLookLikeAnOptionOfTheStorageTool() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20_000; i++) { // a leading '-' came once in 64 with plain base64url
            String id = KafkaBrokerService.newClusterId();
            assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
            ids.add(id);
        }
        assertThat(ids).hasSize(20_000);
    }
}
