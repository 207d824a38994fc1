package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** One request on its way through a route's chain of filters. */
public final class Exchange {

    private final RoutingContext context;
    private final GatewayConfig.Route route;
    private final EdgePath path;
    private final List<RouteFilter> chain;
    private int position;

    Exchange(RoutingContext context, GatewayConfig.Route route, EdgePath path, List<RouteFilter> chain) {
        this.context = context;
        this.route = route;
        this.path = path;
        this.chain = chain;
    }

    public RoutingContext context() {
        return context;
    }

    public GatewayConfig.Route route() {
        return route;
    }

    /** The normalised path the gateway decided on; the upstream gets exactly this. */
    public EdgePath path() {
        return path;
    }

    /** The caller whose token quarkus-oidc validated, or null for an anonymous one. */
    public SecurityIdentity caller() {
        return context.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                ? user.getSecurityIdentity() : null;
    }

    /** Hands the request to the next filter of the chain. */
    public void next() {
        chain.get(position++).handle(this);
    }
}
