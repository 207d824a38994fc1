package at.meldestelle.infra.gateway.resilience;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.problem.GatewayProblems;
import at.meldestelle.infra.gateway.proxy.Forwarding;
import at.meldestelle.infra.gateway.proxy.UpstreamCall;
import at.meldestelle.infra.gateway.proxy.UpstreamCallDecorator;
import at.meldestelle.infra.gateway.proxy.UpstreamStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per upstream service (Vert.x circuit breaker), shared by the routes to it:
 * after {@code gateway.circuit-breaker.failure-threshold} failures in a row (no connection, timeout,
 * 502/504) requests get 503 {@code circuit-open} at once, without waiting on the upstream; after
 * {@code reset-timeout} one trial request goes through and closes the circuit when it succeeds.
 * What the client caused (a body over the limit or stalled, a connection closed before the answer)
 * is never a failure of the upstream. Vert.x's breaker has no neutral outcome: a non-failure
 * clears the failures counted in the window and closes a half-open circuit. So a trial the client
 * abandoned closes the circuit early, and the upstream's next failures open it again. Counting it
 * as a failure instead would let any client keep an opened circuit open for good, by taking each
 * trial and hanging up. An upstream that hangs while impatient clients leave is left out by the
 * active readiness checks (InstanceHealth), whose timeout does not depend on clients.
 */
@ApplicationScoped
public class CircuitBreakers implements UpstreamCallDecorator {

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    private final Vertx vertx;
    private final MeterRegistry registry;
    private final CircuitBreakerOptions options;
    private final Map<String, CircuitBreaker> byUpstream = new ConcurrentHashMap<>();

    public CircuitBreakers(GatewayConfig config, Vertx vertx, MeterRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
        this.options = new CircuitBreakerOptions()
                .setMaxFailures(config.circuitBreaker().failureThreshold())
                .setResetTimeout(config.circuitBreaker().resetTimeout().toMillis())
                .setTimeout(-1) // the route's own timeouts apply
                .setNotificationAddress(null);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public UpstreamCall decorate(GatewayConfig.Route route, UpstreamCall call) {
        CircuitBreaker breaker = byUpstream.computeIfAbsent(route.upstream(), this::create);
        return forwarding -> breaker.<ProxyResponse>execute(promise -> call.send(forwarding).onComplete(result -> {
            if (result.succeeded() && UpstreamStatus.failed(result.result().getStatusCode())) {
                promise.fail(new FailedResponse(result.result()));
            } else if (result.failed() && forwarding.clientFault() != null) {
                promise.fail(new ClientFaultException(result.cause()));
            } else {
                promise.handle(result);
            }
        })).recover(failure -> unwrap(route, failure));
    }

    /** The state of each upstream's circuit. */
    public Map<String, CircuitBreakerState> states() {
        Map<String, CircuitBreakerState> states = new java.util.TreeMap<>();
        byUpstream.forEach((upstream, breaker) -> states.put(upstream, breaker.state()));
        return states;
    }

    private static Future<ProxyResponse> unwrap(GatewayConfig.Route route, Throwable failure) {
        if (failure instanceof FailedResponse response) {
            return Future.succeededFuture(response.response);
        }
        if (failure instanceof ClientFaultException fault) {
            return Future.failedFuture(fault.getCause());
        }
        if (failure instanceof OpenCircuitException) {
            return Future.failedFuture(GatewayProblems.CIRCUIT_OPEN.exception(
                    route.upstream() + " failed repeatedly; requests are refused for a while before one is tried again."));
        }
        return Future.failedFuture(failure);
    }

    private CircuitBreaker create(String upstream) {
        CircuitBreaker breaker = CircuitBreaker.create("upstream-" + upstream, vertx, options)
                .openHandler(v -> LOG.warnf("Circuit of %s open", upstream))
                .halfOpenHandler(v -> LOG.infof("Circuit of %s half-open: one trial request", upstream))
                .closeHandler(v -> LOG.infof("Circuit of %s closed", upstream));
        breaker.<ProxyResponse>failurePolicy(result -> result.failed() && !(result.cause() instanceof ClientFaultException));
        Gauge.builder("gateway_circuit_state", breaker, b -> switch (b.state()) {
                    case CLOSED -> 0;
                    case HALF_OPEN -> 1;
                    case OPEN -> 2;
                })
                .description("Circuit of an upstream: 0 closed, 1 half-open, 2 open")
                .tag("upstream", upstream)
                .register(registry);
        return breaker;
    }

    /** A failure the client caused (body too large, stalled, gone): not counted against the upstream. */
    private static final class ClientFaultException extends RuntimeException {
        ClientFaultException(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    /** An upstream's error answer, a failure for the breaker, passed on to the client unchanged. */
    private static final class FailedResponse extends RuntimeException {
        private final transient ProxyResponse response;

        FailedResponse(ProxyResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }
}
