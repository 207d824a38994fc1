package at.meldestelle.infra.gateway.security;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.shared.api.problem.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Whether a caller may use a route. quarkus-oidc has already validated any bearer token
 * (proactive authentication; a bad token never gets here): this checks presence and roles.
 */
public final class RouteAccess {

    private RouteAccess() {
    }

    /** The authenticated caller, or null for an anonymous one. */
    public static SecurityIdentity caller(RoutingContext ctx) {
        return ctx.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                ? user.getSecurityIdentity() : null;
    }

    /** Null when the route may be used; otherwise the 401 or 403 problem to answer with. */
    public static Problem refusal(RoutingContext ctx, GatewayConfig.Route route, SecurityIdentity caller) {
        if (route.isPublic()) {
            return null;
        }
        if (caller == null) {
            return AuthenticationFailures.unauthorized(ctx);
        }
        List<String> allowed = route.roles().orElse(List.of());
        if (!allowed.isEmpty() && allowed.stream().noneMatch(caller::hasRole)) {
            return Problem.ofStatus(403, "Route " + route.id() + " needs one of the roles " + allowed + ".");
        }
        return null;
    }
}
