package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** The rate limiter's Redis, which a test can take away for a while ({@link #outage(Runnable)}). */
public class LimiterRedis implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer server;

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        return Map.of("quarkus.redis.hosts", server.url());
    }

    /** Stops Redis, runs {@code whileDown}, starts an empty Redis on the same port. */
    static void outage(Runnable whileDown) {
        server = server.restartAfter(whileDown);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
