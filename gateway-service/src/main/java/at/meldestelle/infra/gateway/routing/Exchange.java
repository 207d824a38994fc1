package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** One request on its way through a route's chain of filters. */
public final class Exchange {

    private final RoutingContext context;
    private final GatewayConfig.Route route;
    private final EdgePath path;
    private final List<RouteFilter> chain;
    private final boolean webSocketUpgrade;
    private int position;

    Exchange(RoutingContext context, GatewayConfig.Route route, EdgePath path, List<RouteFilter> chain) {
        this.context = context;
        this.route = route;
        this.path = path;
        this.chain = chain;
        // Read before the headers filter drops Upgrade and Connection, which are hop-by-hop.
        this.webSocketUpgrade = isWebSocketUpgrade(context.request());
    }

    /** A GET asking to switch to WebSocket (RFC 6455 4.1): {@code Upgrade: websocket}, {@code Connection: upgrade}. */
    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        if (request.method() != HttpMethod.GET || upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            return false;
        }
        for (String connection : request.headers().getAll("Connection")) {
            for (String token : connection.split(",")) {
                if (token.trim().equalsIgnoreCase("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the client asked for a WebSocket; the proxy then tunnels instead of forwarding. */
    public boolean webSocketUpgrade() {
        return webSocketUpgrade;
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
