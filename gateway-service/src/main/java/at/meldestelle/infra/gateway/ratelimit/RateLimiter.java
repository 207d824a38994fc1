package at.meldestelle.infra.gateway.ratelimit;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.shared.runtime.metrics.HttpLatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * The token bucket behind a local circuit breaker (Vert.x), so that Redis trouble never makes
 * requests wait: a call gets at most {@code redis-timeout}; after {@code failure-threshold}
 * failures in a row the failure policy applies without asking Redis at all, until
 * {@code retry-after} has passed and one call tries Redis again.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** Why a request was let through or refused without a bucket's answer. */
    public enum Unavailable { FAIL_OPEN, FAIL_CLOSED }

    /** A bucket's answer, or the failure policy's when Redis could not give one. */
    public record Outcome(TokenBucket.Decision decision, Unavailable unavailable) {
    }

    private final TokenBucket buckets;
    private final CircuitBreaker breaker;
    private final GatewayConfig.FailurePolicy policy;
    private final Counter degraded;
    private final Timer wait;

    public RateLimiter(TokenBucket buckets, GatewayConfig config, Vertx vertx, MeterRegistry registry) {
        this.buckets = buckets;
        GatewayConfig.RateLimiting settings = config.rateLimiting();
        this.policy = settings.failurePolicy();
        this.breaker = CircuitBreaker.create("rate-limiter", vertx, new CircuitBreakerOptions()
                        .setTimeout(settings.redisTimeout().toMillis())
                        .setMaxFailures(settings.failureThreshold())
                        .setResetTimeout(settings.retryAfter().toMillis())
                        .setNotificationAddress(null))
                .openHandler(v -> LOG.warnf("Rate limiter cannot reach Redis; %s until it can", policy))
                .closeHandler(v -> LOG.info("Rate limiter reaches Redis again"));
        this.degraded = Counter.builder("gateway_ratelimit_unavailable_total")
                .description("Requests decided by the failure policy because Redis did not answer the rate limiter")
                .register(registry);
        this.wait = Timer.builder("gateway_ratelimit_wait_seconds")
                .description("Time a request waited for the rate limiter's decision")
                .serviceLevelObjectives(HttpLatencyBuckets.bounds())
                .register(registry);
    }

    public Future<Outcome> take(String bucket, int capacity, double refillPerSecond) {
        long start = System.nanoTime();
        return breaker.<TokenBucket.Decision>execute(promise -> buckets.take(bucket, capacity, refillPerSecond)
                        .subscribe().with(promise::complete, promise::fail))
                .map(decision -> new Outcome(decision, null))
                .otherwise(failure -> {
                    degraded.increment();
                    return new Outcome(null, policy == GatewayConfig.FailurePolicy.FAIL_OPEN ? Unavailable.FAIL_OPEN : Unavailable.FAIL_CLOSED);
                })
                .onComplete(done -> wait.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }
}
