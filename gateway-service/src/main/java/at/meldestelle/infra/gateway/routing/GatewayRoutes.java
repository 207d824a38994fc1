package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The edge's one entry: normalises the path ({@link EdgePath}), picks the first route of the
 * {@link RouteTable} that matches it, and runs that route's chain of filters, which ends in the proxy.
 */
@ApplicationScoped
public class GatewayRoutes {

    private final ProblemWriter problems;
    private final RouteTable table;

    public GatewayRoutes(RouteTable table, ProblemWriter problems) {
        this.problems = problems;
        this.table = table;
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
        for (CompiledRoute route : table.routes()) {
            if (route.matches(path, ctx.request())) {
                // Health, metrics and OpenAPI of upstreams stay inside the cluster, also behind a prefix-path
                // (an upstream whose root path is that prefix serves them below it).
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
