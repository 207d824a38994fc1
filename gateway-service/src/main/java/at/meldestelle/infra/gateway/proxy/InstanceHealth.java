package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.routing.RouteTable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceInstance;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which upstream instances take requests. Passive: an instance that failed
 * {@code consecutive-failures} times in a row is left out for {@code ejection-time}, then taken back.
 * Active: every {@code check-interval}, each instance Stork knows is asked for its readiness, and one
 * that is not ready is left out until it is. Stork's static lists and Kubernetes discovery do
 * neither, which is why this is here.
 */
@ApplicationScoped
public class InstanceHealth {

    private static final Logger LOG = Logger.getLogger(InstanceHealth.class);

    private final GatewayConfig.InstanceHealth config;
    private final RouteTable routes;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private HttpClient checks;
    private long timer = -1;

    /**
     * Kept only while it says something: an instance that is ready, not left out and without
     * failures has no entry, so the map holds the troubled instances only. One that disappears
     * (a pod) while troubled keeps its entry, and a new pod on its address starts from it.
     * Changed only inside the map's compute functions, which run one at a time per instance.
     */
    private static final class State {
        int failures;
        volatile long ejectedUntil;
        volatile boolean notReady;

        boolean idle() {
            return failures == 0 && !notReady && ejectedUntil <= System.currentTimeMillis();
        }
    }

    public InstanceHealth(GatewayConfig config, RouteTable routes, Vertx vertx, MeterRegistry registry) {
        this.config = config.instanceHealth();
        this.routes = routes;
        this.vertx = vertx;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        if (!config.checkInterval().isZero()) {
            checks = vertx.createHttpClient();
            timer = vertx.setPeriodic(config.checkInterval().toMillis(), id -> checkAll());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            checks.close();
        }
    }

    /** False while the instance is ejected or not ready. */
    public boolean available(String authority) {
        State state = states.get(authority);
        return state == null || (!state.notReady && state.ejectedUntil <= System.currentTimeMillis());
    }

    void succeeded(String authority) {
        states.computeIfPresent(authority, (a, state) -> {
            state.failures = 0;
            return state.idle() ? null : state;
        });
    }

    void failed(String authority) {
        states.compute(authority, (a, known) -> {
            State state = known == null ? new State() : known;
            state.failures++;
            if (state.failures >= config.consecutiveFailures() && state.ejectedUntil <= System.currentTimeMillis()) {
                state.ejectedUntil = System.currentTimeMillis() + config.ejectionTime().toMillis();
                state.failures = 0;
                // Not tagged by instance: pod addresses come and go, each would be a series forever.
                registry.counter("gateway_instance_ejections_total").increment();
                LOG.warnf("Instance %s failed %d times in a row: left out for %s", authority, config.consecutiveFailures(),
                        config.ejectionTime());
            }
            return state;
        });
    }

    private void checkAll() {
        for (String upstream : routes.upstreams()) {
            try {
                Stork.getInstance().getService(upstream).getInstances().subscribe().with(
                        instances -> instances.forEach(this::check),
                        failure -> LOG.debugf("No instances of %s to check: %s", upstream, failure.getMessage()));
            } catch (RuntimeException e) {
                LOG.debugf("No Stork service %s: %s", upstream, e.getMessage());
            }
        }
    }

    private void check(ServiceInstance instance) {
        String authority = instance.getHost() + ":" + instance.getPort();
        long timeout = Math.min(2000, config.checkInterval().toMillis());
        checks.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(instance.getHost()).setPort(instance.getPort())
                        .setURI(config.checkPath()).setConnectTimeout(timeout).setIdleTimeout(timeout))
                .compose(request -> request.send().compose(response -> response.body().map(body -> response.statusCode())))
                .onComplete(result -> ready(authority, result.succeeded() && result.result() == 200));
    }

    private void ready(String authority, boolean ready) {
        states.compute(authority, (a, known) -> {
            State state = known == null ? new State() : known;
            if (state.notReady == ready) {
                LOG.infof("Instance %s is %s", authority, ready ? "ready again: taken back" : "not ready: left out");
            }
            state.notReady = !ready;
            return state.idle() ? null : state;
        });
    }
}
