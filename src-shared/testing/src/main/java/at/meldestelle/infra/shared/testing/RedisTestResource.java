package at.meldestelle.infra.shared.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a real Redis for the annotated test class and points {@code quarkus.redis.hosts} at it; a
 * test can take it away for a while ({@link #outage(Runnable)}).
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    /** Quarkus runs one application, so one started resource, at a time. */
    private static volatile RedisServer redis;

    @Override
    public Map<String, String> start() {
        redis = RedisServer.start();
        return Map.of("quarkus.redis.hosts", redis.url());
    }

    /** Stops Redis, runs {@code whileDown}, then starts an empty Redis on the same port, also when {@code whileDown} fails. */
    public static void outage(Runnable whileDown) {
        Throwable[] failed = {null};
        redis = redis.restartAfter(() -> {
            try {
                whileDown.run();
            } catch (RuntimeException | Error e) {
                failed[0] = e;
            }
        });
        if (failed[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failed[0] instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
    }
}
