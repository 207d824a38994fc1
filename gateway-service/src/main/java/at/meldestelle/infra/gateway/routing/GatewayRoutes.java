package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import io.quarkus.arc.All;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The edge's one entry: normalises the path ({@link EdgePath}), picks the first configured route
 * that matches it, and runs that route's chain of filters, which ends in the proxy. Each route's
 * chain is made once, at start, from every {@link RouteFilterFactory} bean.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);

    private final ProblemWriter problems;
    private final List<CompiledRoute> routes;

    public GatewayRoutes(GatewayConfig config, @All List<RouteFilterFactory> factories, ProblemWriter problems) {
        this.problems = problems;
        List<RouteFilterFactory> ordered = factories.stream().sorted(Comparator.comparingInt(RouteFilterFactory::order)).toList();
        List<CompiledRoute> compiled = new ArrayList<>();
        for (GatewayConfig.Route route : config.routes()) {
            List<RouteFilter> chain = ordered.stream().flatMap(factory -> factory.create(route).stream()).toList();
            compiled.add(CompiledRoute.of(route, chain));
            LOG.infof("Route %s: %s -> %s (strip %d, %s)", route.id(), route.path(), route.upstream(), route.stripPrefix(),
                    route.isPublic() ? "public" : "roles " + route.roles().map(Object::toString).orElse("any"));
        }
        this.routes = List.copyOf(compiled);
    }

    void register(@Observes Router router) {
        router.route().handler(this::dispatch);
    }

    private void dispatch(RoutingContext ctx) {
        Problem refused = EdgeRequests.refusal(ctx.request());
        if (refused != null) {
            ctx.response().putHeader("Connection", "close");
            problems.send(ctx.response(), refused);
            return;
        }
        EdgePath path;
        try {
            path = EdgePath.parse(ctx.request().path(), ctx.request().query());
        } catch (EdgePath.InvalidPathException e) {
            ctx.response().putHeader("Connection", "close");
            problems.send(ctx.response(), Problem.ofStatus(400, e.getMessage()));
            return;
        }
        for (CompiledRoute route : routes) {
            if (route.matches(path, ctx.request())) {
                // Health, metrics and OpenAPI of upstreams stay inside the cluster.
                if (path.isManagement(route.config().stripPrefix())) {
                    problems.send(ctx.response(), Problem.ofStatus(404, "No resource at " + path.value()));
                    return;
                }
                new Exchange(ctx, route.config(), path, route.chain()).next();
                return;
            }
        }
        // No route: Quarkus's own routes (the dev UI in dev mode), else its 404 problem.
        ctx.next();
    }
}
