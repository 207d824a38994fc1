package at.meldestelle.infra.shared.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a real three-master Redis Cluster for the annotated test class and points the default Redis
 * client and the event store's {@code tail} client at it in cluster mode.
 */
public class RedisClusterTestResource implements QuarkusTestResourceLifecycleManager {

    private RedisCluster redis;

    @Override
    public Map<String, String> start() {
        redis = RedisCluster.start();
        return Map.of(
                "quarkus.redis.hosts", redis.hosts(),
                "quarkus.redis.client-type", "cluster",
                "quarkus.redis.tail.hosts", redis.hosts(),
                "quarkus.redis.tail.client-type", "cluster");
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
    }
}
