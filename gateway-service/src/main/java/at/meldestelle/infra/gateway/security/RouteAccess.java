package at.meldestelle.infra.gateway.security;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.shared.problem.Problem;
import at.meldestelle.infra.shared.problem.ProblemResponses;
import at.meldestelle.infra.shared.problem.RouterProblemHandlers;
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

    /** True when the route may be used; otherwise a 401 or 403 problem has been sent. */
    public static boolean allow(RoutingContext ctx, GatewayConfig.Route route, SecurityIdentity caller) {
        if (route.isPublic()) {
            return true;
        }
        if (caller == null) {
            RouterProblemHandlers.sendUnauthorized(ctx);
            return false;
        }
        List<String> allowed = route.roles().orElse(List.of());
        if (!allowed.isEmpty() && allowed.stream().noneMatch(caller::hasRole)) {
            ProblemResponses.send(ctx.response(), Problem.ofStatus(403,
                    "Route " + route.id() + " needs one of the roles " + allowed + "."));
            return false;
        }
        return true;
    }
}
