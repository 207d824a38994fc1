package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.security.RouteAccess;
import at.meldestelle.infra.gateway.security.UpstreamIdentity;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Mounts one streaming reverse proxy (vertx-http-proxy) per configured route on the Quarkus router.
 * Requests and responses are piped, never buffered whole.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);

    private final GatewayConfig config;
    private final Vertx vertx;
    private final ProblemWriter problems;
    private HttpClient client;

    public GatewayRoutes(GatewayConfig config, Vertx vertx, ProblemWriter problems) {
        this.config = config;
        this.vertx = vertx;
        this.problems = problems;
    }

    void register(@Observes Router router) {
        // One pooled client for all upstreams; Vert.x's default of 5 connections per host is too few for a gateway.
        client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(200).setKeepAlive(true));
        for (GatewayConfig.Route route : config.routes()) {
            String prefix = RoutePath.strippedPrefix(route.path(), route.stripPrefix());
            HttpProxy proxy = HttpProxy.reverseProxy(client)
                    .origin(new StorkOrigin(route))
                    .addInterceptor(new UpstreamInterceptor(route, prefix, problems));
            router.route(RoutePath.toVertx(route.path())).handler(ctx -> forward(ctx, route, prefix, proxy));
            LOG.infof("Route %s: %s -> %s (strip %d, %s)", route.id(), route.path(), route.upstream(), route.stripPrefix(),
                    route.isPublic() ? "public" : "roles " + route.roles().map(Object::toString).orElse("any"));
        }
    }

    void close(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }

    private void forward(RoutingContext ctx, GatewayConfig.Route route, String strippedPrefix, HttpProxy proxy) {
        String path = ctx.request().path();
        // Vert.x matched the route on the normalized path; the upstream would get the raw one.
        if (RoutePath.hasDotSegment(path)) {
            problems.send(ctx.response(), Problem.ofStatus(400, "The path must not contain '.' or '..' segments."));
            return;
        }
        // Health, metrics and OpenAPI of upstreams stay inside the cluster.
        if (RoutePath.isManagement(RoutePath.strip(path, route.stripPrefix()))) {
            problems.send(ctx.response(), Problem.ofStatus(404, "No resource at " + path));
            return;
        }
        SecurityIdentity caller = RouteAccess.caller(ctx);
        Problem refusal = RouteAccess.refusal(ctx, route, caller);
        if (refusal != null) {
            problems.send(ctx.response(), refusal);
            return;
        }
        ForwardedHeaders.apply(ctx.request(), strippedPrefix);
        UpstreamIdentity.apply(ctx.request().headers(), caller);
        proxy.handle(ctx.request());
    }
}
