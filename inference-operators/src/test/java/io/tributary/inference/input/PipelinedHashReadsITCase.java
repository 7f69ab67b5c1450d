package io.tributary.inference.input;

import io.tributary.core.redis.RedisConnection;
import io.tributary.testing.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Batched HGETALLs against a real redis-server: a batch goes out when full or when its time is up, keys read once. */
class PipelinedHashReadsITCase {
    @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

    @BeforeAll
    static void seed() {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(REDIS.uri());
        try (var c = client.connect()) {
            for (int i = 0; i < 100; i++) c.sync().hset("k" + i, Map.of("v", String.valueOf(i)));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aFullBatchGoesOutAndTheRestWaitsForTheNext() throws Exception {
        try (RedisConnection c = RedisConnection.connect(REDIS.uri());
             PipelinedHashReads reads = new PipelinedHashReads(c, 64, TimeUnit.HOURS.toMicros(1))) {
            List<CompletableFuture<Map<String, String>>> replies = new ArrayList<>();
            for (int i = 0; i < 100; i++) replies.add(reads.hgetall("k" + i));
            for (int i = 0; i < 64; i++) assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).containsEntry("v", String.valueOf(i));
            Thread.sleep(300); // a reply to an unsent command cannot come however long one waits
            assertThat(replies.subList(64, 100)).noneMatch(CompletableFuture::isDone);
            reads.flush();
            for (int i = 64; i < 100; i++) assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).containsEntry("v", String.valueOf(i));
        }
    }

    @Test
    void aKeyAskedForTwiceInOneBatchIsReadOnce() throws Exception {
        try (RedisConnection c = RedisConnection.connect(REDIS.uri());
             PipelinedHashReads reads = new PipelinedHashReads(c, 64, TimeUnit.HOURS.toMicros(1))) {
            CompletableFuture<Map<String, String>> first = reads.hgetall("k7"), second = reads.hgetall("k7");
            assertThat(second).isSameAs(first);
            reads.flush();
            assertThat(first.get(30, TimeUnit.SECONDS)).containsEntry("v", "7");
            assertThat(reads.hgetall("k7")).as("a new batch reads again").isNotSameAs(first);
        }
    }

    @Test
    void aBatchThatDoesNotFillGoesOutWhenItsTimeIsUp() throws Exception {
        try (RedisConnection c = RedisConnection.connect(REDIS.uri());
             PipelinedHashReads reads = new PipelinedHashReads(c, 64, 200)) {
            assertThat(reads.hgetall("k3").get(30, TimeUnit.SECONDS)).containsEntry("v", "3");
            assertThat(reads.hgetall("missing").get(30, TimeUnit.SECONDS)).isEmpty();
        }
    }
}
