package at.meldestelle.infra.gateway.access;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.shared.security.AuthenticationFailures;
import at.meldestelle.infra.shared.security.CallerClaims;
import at.meldestelle.infra.gateway.routing.Exchange;
import at.meldestelle.infra.gateway.routing.RouteFilter;
import at.meldestelle.infra.gateway.routing.RouteFilterFactory;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Whether a caller may use a route: 401 without a token, 403 without one of the route's roles or
 * permissions. quarkus-oidc has already validated any bearer token (proactive authentication; a bad
 * or revoked token never gets here). Public routes have no such filter.
 */
@ApplicationScoped
public class AccessFilter implements RouteFilterFactory {

    private final ProblemWriter problems;

    public AccessFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public int order() {
        return Order.ACCESS;
    }

    @Override
    public Optional<RouteFilter> create(GatewayConfig.Route route) {
        if (route.isPublic()) {
            return Optional.empty();
        }
        List<String> roles = route.roles().orElse(List.of());
        List<String> permissions = route.permissions().orElse(List.of());
        return Optional.of(exchange -> {
            Problem refusal = refusal(exchange, route, roles, permissions);
            if (refusal == null) {
                exchange.next();
            } else {
                problems.send(exchange.context().response(), refusal);
            }
        });
    }

    private static Problem refusal(Exchange exchange, GatewayConfig.Route route, List<String> roles, List<String> permissions) {
        SecurityIdentity caller = exchange.caller();
        if (caller == null) {
            return AuthenticationFailures.unauthorized(exchange.context());
        }
        if (roles.isEmpty() && permissions.isEmpty()) {
            return null;
        }
        if (roles.stream().anyMatch(caller::hasRole) || permissions.stream().anyMatch(CallerClaims.permissions(caller)::contains)) {
            return null;
        }
        return Problem.ofStatus(403, "Route " + route.id() + " needs one of the roles " + roles
                + (permissions.isEmpty() ? "" : " or permissions " + permissions) + ".");
    }
}
