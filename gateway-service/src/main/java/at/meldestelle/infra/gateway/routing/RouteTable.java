package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The routes in force, each with its chain of filters made from every {@link RouteFilterFactory}
 * bean. Replaced whole ({@link #replace}), never edited: a request sees either the old table or
 * the new one. Made at start, so that invalid routes stop the start and no request compiles them.
 */
@Startup
@ApplicationScoped
public class RouteTable {

    private static final Logger LOG = Logger.getLogger(RouteTable.class);

    private final List<RouteFilterFactory> factories;
    private volatile List<CompiledRoute> routes;

    public RouteTable(GatewayConfig config, RoutesFile file, @All List<RouteFilterFactory> factories) {
        this.factories = factories.stream().sorted(Comparator.comparingInt(RouteFilterFactory::order)).toList();
        this.routes = compile(file.configured() ? file.read() : config.routes());
    }

    /** In the order configured: the first that matches takes the request. */
    public List<CompiledRoute> routes() {
        return routes;
    }

    /** The Stork services the routes send to. */
    public Set<String> upstreams() {
        Set<String> upstreams = new LinkedHashSet<>();
        routes.forEach(route -> upstreams.add(route.config().upstream()));
        return upstreams;
    }

    /** All or nothing: a route that does not compile leaves the table as it was. */
    void replace(List<GatewayConfig.Route> configs) {
        routes = compile(configs);
    }

    private List<CompiledRoute> compile(List<GatewayConfig.Route> configs) {
        Set<String> ids = new HashSet<>();
        List<CompiledRoute> compiled = new ArrayList<>();
        for (GatewayConfig.Route route : configs) {
            if (!ids.add(route.id())) {
                throw new IllegalArgumentException("gateway.routes: the id " + route.id() + " is used twice");
            }
            List<RouteFilter> chain = factories.stream().flatMap(factory -> factory.create(route).stream()).toList();
            compiled.add(CompiledRoute.of(route, chain));
        }
        compiled.forEach(route -> LOG.infof("Route %s: %s -> %s (strip %d, %s)", route.config().id(), route.config().path(),
                route.config().upstream(), route.config().stripPrefix(), route.config().isPublic() ? "public"
                        : "roles " + route.config().roles().map(Object::toString).orElse("any")));
        return List.copyOf(compiled);
    }
}
