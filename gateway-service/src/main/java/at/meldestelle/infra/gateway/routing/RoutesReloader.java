package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.stork.Stork;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads the routes file again every {@code gateway.routes-reload-interval} and, when it changed,
 * puts its routes in force, as nginx does on {@code reload}: all of them or, when one is invalid
 * or names an upstream that Stork does not know, none (the routes in force stay, the reason is
 * logged, counted in {@code gateway_route_reloads_total{outcome="refused"}} and shown by
 * {@code GET /q/gateway/routes}). Upstreams are Stork services of the application's configuration;
 * a reload cannot add one.
 */
@ApplicationScoped
public class RoutesReloader {

    private static final Logger LOG = Logger.getLogger(RoutesReloader.class);

    /** What the last change of the file led to. */
    public record Outcome(Instant at, boolean applied, String error) {
    }

    private final RoutesFile file;
    private final RouteTable table;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final long intervalMillis;
    private volatile Outcome last;
    private long timer = -1;

    public RoutesReloader(RoutesFile file, RouteTable table, Vertx vertx, MeterRegistry registry, GatewayConfig config) {
        this.file = file;
        this.table = table;
        this.vertx = vertx;
        this.registry = registry;
        this.intervalMillis = config.routesReloadInterval().toMillis();
    }

    void start(@Observes StartupEvent event) {
        if (file.configured() && intervalMillis > 0) {
            registry.counter("gateway_route_reloads_total", "outcome", "applied");
            registry.counter("gateway_route_reloads_total", "outcome", "refused");
            timer = vertx.setPeriodic(intervalMillis, id -> vertx.executeBlocking(() -> {
                reloadIfChanged();
                return null;
            }, true));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The outcome of the last change of the routes file, if it changed since the start. */
    public Optional<Outcome> last() {
        return Optional.ofNullable(last);
    }

    /** Runs on a worker thread (reading and compiling may block), one at a time: an older read must never win. */
    synchronized void reloadIfChanged() {
        try {
            Optional<List<GatewayConfig.Route>> changed = file.readIfChanged();
            if (changed.isEmpty()) {
                return;
            }
            List<GatewayConfig.Route> routes = changed.get();
            for (GatewayConfig.Route route : routes) {
                if (Stork.getInstance().getServiceOptional(route.upstream()).isEmpty()) {
                    throw new IllegalArgumentException("gateway.routes " + route.id() + ": upstream " + route.upstream()
                            + " is not a Stork service of this gateway (quarkus.stork." + route.upstream() + ".*)");
                }
            }
            table.replace(routes);
            last = new Outcome(Instant.now(), true, null);
            registry.counter("gateway_route_reloads_total", "outcome", "applied").increment();
            LOG.infof("Routes reloaded from %s: %d routes", file.path().orElseThrow(), routes.size());
        } catch (RuntimeException e) {
            last = new Outcome(Instant.now(), false, e.getMessage());
            registry.counter("gateway_route_reloads_total", "outcome", "refused").increment();
            LOG.errorf("Routes file %s refused, the routes in force stay: %s", file.path().orElseThrow(), e.getMessage());
        }
    }
}
