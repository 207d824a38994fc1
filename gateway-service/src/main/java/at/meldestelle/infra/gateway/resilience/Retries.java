package at.meldestelle.infra.gateway.resilience;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.proxy.Forwarding;
import at.meldestelle.infra.gateway.proxy.UpstreamCall;
import at.meldestelle.infra.gateway.proxy.UpstreamCallDecorator;
import at.meldestelle.infra.gateway.proxy.UpstreamStatus;
import at.meldestelle.infra.gateway.proxy.UpstreamUnavailableException;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends an idempotent request without a body again when its attempt failed (no connection, reset,
 * timeout, 502/504), up to the route's {@code retries}, after 25 ms doubling with jitter. Each
 * attempt picks its instance anew, so a dead instance is gone around; an open circuit ends the
 * tries. Outside the circuit breaker: every attempt counts there.
 */
@ApplicationScoped
public class Retries implements UpstreamCallDecorator {

    private static final long FIRST_BACKOFF_MILLIS = 25;

    private final Vertx vertx;
    private final MeterRegistry registry;

    public Retries(Vertx vertx, MeterRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public UpstreamCall decorate(GatewayConfig.Route route, UpstreamCall call) {
        if (route.retries() <= 0) {
            return call;
        }
        return forwarding -> attempt(route, call, forwarding, 0);
    }

    private Future<ProxyResponse> attempt(GatewayConfig.Route route, UpstreamCall call, Forwarding forwarding, int retry) {
        return call.send(forwarding).transform(result -> {
            boolean again = retry < route.retries() && forwarding.replayable() && forwarding.clientFault() == null
                    && (result.succeeded() ? UpstreamStatus.failed(result.result().getStatusCode()) : retryable(result.cause()));
            if (!again) {
                return result.succeeded() ? Future.succeededFuture(result.result()) : Future.failedFuture(result.cause());
            }
            if (result.succeeded()) {
                result.result().release(); // the failed answer is read and dropped
            }
            registry.counter("gateway_retries_total", "route", route.id()).increment();
            Promise<ProxyResponse> next = Promise.promise();
            long backoff = FIRST_BACKOFF_MILLIS << retry;
            vertx.setTimer(backoff + ThreadLocalRandom.current().nextLong(backoff),
                    id -> attempt(route, call, forwarding, retry + 1).onComplete(next));
            return next.future();
        });
    }

    /** Problems (an open circuit, no instance at all) would be the same on the next try. */
    private static boolean retryable(Throwable failure) {
        return !(failure instanceof ProblemException) && !(failure instanceof UpstreamUnavailableException);
    }
}
