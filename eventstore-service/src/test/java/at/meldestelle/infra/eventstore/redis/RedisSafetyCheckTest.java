package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up check against a real Redis reconfigured at runtime (CONFIG SET), and restored after. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class RedisSafetyCheckTest {

    @Inject
    RedisSafetyCheck check;

    @Inject
    RedisDataSource redis;

    @Test
    void anEvictingRedisIsRefused() {
        redis.execute("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> check.check(null));
            assertTrue(refused.getMessage().contains("maxmemory-policy allkeys-lru"), refused.getMessage());
        } finally {
            redis.execute("CONFIG", "SET", "maxmemory-policy", "noeviction");
        }
    }

    @Test
    void aRedisThatDoesNotFsyncEveryWriteIsRefused() {
        redis.execute("CONFIG", "SET", "appendfsync", "everysec");
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> check.check(null));
            assertTrue(refused.getMessage().contains("appendfsync everysec"), refused.getMessage());
        } finally {
            redis.execute("CONFIG", "SET", "appendfsync", "always");
        }
        check.check(null);
    }
}
